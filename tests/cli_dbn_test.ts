/**
 * @module
 * End-to-end specs of `hewston dbn` on DBN files the synthetic source writes (no sample
 * files needed): records only by default, `--metadata` instead of them, `--csv` like
 * Databento's CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { hewston } from "./_hewston.ts";
import { tempDir } from "./testing/temp_dir.ts";

/** Builds a small TEST dataset and returns its TBBO file. */
async function syntheticTbbo(dir: string): Promise<string> {
  const r = await hewston(
    ["data", "--symbol", "TEST", "--from", "2024-01-02", "--to", "2024-01-02", "--synthetic"],
    { dataDir: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const files: string[] = [];
  const walk = async (d: string) => {
    for await (const e of Deno.readDir(d)) {
      if (e.isDirectory) await walk(join(d, e.name));
      else if (e.name.includes("tbbo")) files.push(join(d, e.name));
    }
  };
  await walk(join(dir, "raw", "synthetic"));
  assert.equal(files.length, 1, files.join(", "));
  return files[0];
}

Deno.test("hewston dbn prints one JSON record per line, CSV with --csv, the metadata with --metadata", async () => {
  const dir = await tempDir();
  const tbbo = await syntheticTbbo(dir);

  const json = await hewston(["dbn", tbbo, "--limit", "3"], { dataDir: dir });
  assert.equal(json.code, 0, json.stderr);
  const records = json.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(records.length, 3);
  // Every line is a record: `jq .price` works from the first line.
  for (const r of records) assert.match(r.price, /^\d+\.\d{9}$/);

  const csv = await hewston(["dbn", tbbo, "--limit", "3", "--csv"], { dataDir: dir });
  assert.equal(csv.code, 0, csv.stderr);
  const [header, ...rows] = csv.stdout.trimEnd().split("\n");
  const cols = header.split(",");
  assert.deepEqual(cols.slice(0, 7), [
    "ts_recv",
    "ts_recv_iso",
    "ts_event",
    "ts_event_iso",
    "rtype",
    "publisher_id",
    "instrument_id",
  ]);
  assert.ok(cols.includes("bid_px_00") && cols.includes("ask_sz_00"), header);
  assert.equal(rows.length, 3);
  rows.forEach((row, i) => {
    const cell = (name: string) => row.split(",")[cols.indexOf(name)];
    // The same values, in the same units, as the JSON lines.
    assert.equal(cell("price"), records[i].price);
    assert.equal(cell("ts_event"), records[i].hd.ts_event);
    assert.equal(cell("bid_px_00"), records[i].levels[0].bid_px);
    assert.equal(cell("ask_sz_00"), String(records[i].levels[0].ask_sz));
  });

  const meta = await hewston(["dbn", tbbo, "--metadata"], { dataDir: dir });
  assert.equal(meta.code, 0, meta.stderr);
  const lines = meta.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 1);
  const m = JSON.parse(lines[0]);
  assert.equal(m.schema, "tbbo");
  assert.deepEqual(m.symbols, ["TEST"]);
  assert.equal(m.file, tbbo);

  const both = await hewston(["dbn", tbbo, "--csv", "--json"], { dataDir: dir });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /^hewston: choose one of --csv and --json/);
});
