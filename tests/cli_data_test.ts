/**
 * End-to-end specs of `hewston data` and `hewston dbn`: the real launcher, a temp data dir, a
 * real SQLite catalog, real Parquet and DBN files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { HAVE_SAMPLES, hewston, REQUIRE_SAMPLES, SAMPLES, sampleTest } from "./_hewston.ts";
import { readBarsParquet } from "../src/store/bars_parquet.ts";
import { tempDir } from "./testing/temp_dir.ts";

function datasetRows(dataDir: string): Record<string, unknown>[] {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return db.prepare("SELECT dataset_id, status, symbol, error, bar_count FROM datasets").all()
      .map((r) => ({ ...r }));
  } finally {
    db.close();
  }
}

async function listDir(path: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(path)) out.push(e.name);
  } catch { /* missing folder: empty */ }
  return out.sort();
}

Deno.test("hewston data --synthetic builds READY bars with a manifest, identical across data dirs", async () => {
  const a = await tempDir();
  const b = await tempDir();
  const args = [
    "data",
    "--symbol",
    "TEST",
    "--from",
    "2024-03-07",
    "--to",
    "2024-03-12",
    "--synthetic",
    "--seed",
    "7",
    "--json",
  ];
  const ra = await hewston(args, { dataDir: a });
  assert.equal(ra.code, 0, ra.stderr);
  const result = JSON.parse(ra.stdout);
  assert.equal(result.dataset.status, "READY");
  assert.equal(result.reused, false);
  // 2024-03-07, 08, 11, 12 are trading days (09, 10 weekend): 4 × 390 regular minutes at most.
  assert.ok(result.bars > 3 * 390 && result.bars <= 4 * 390, `bars ${result.bars}`);
  const id = result.dataset.dataset_id as string;
  assert.match(id, /^TEST-2024-03-07-2024-03-12-synthetic-[0-9a-f]{8}$/);

  const rb = await hewston(args, { dataDir: b });
  assert.equal(rb.code, 0, rb.stderr);
  assert.equal(JSON.parse(rb.stdout).dataset.dataset_id, id);

  const pa = await Deno.readFile(join(a, "derived/bars", id, "bars.parquet"));
  const pb = await Deno.readFile(join(b, "derived/bars", id, "bars.parquet"));
  assert.deepEqual(pa, pb, "same inputs must give byte-identical Parquet");
  const ma = JSON.parse(await Deno.readTextFile(join(a, "derived/bars", id, "manifest.json")));
  const mb = JSON.parse(await Deno.readTextFile(join(b, "derived/bars", id, "manifest.json")));
  delete ma.created_at;
  delete mb.created_at;
  assert.deepEqual(ma, mb, "manifests differ only in created_at");
  assert.equal(ma.source.kind, "synthetic");
  assert.equal(ma.row_counts.bars, result.bars);
  assert.equal(ma.input_hashes.trades_dbn_sha256.length, 1);
  assert.equal(ma.input_hashes.tbbo_dbn_sha256.length, 1);
  assert.equal(ma.tz, "America/New_York");

  const bars = await readBarsParquet(join(a, "derived/bars", id, "bars.parquet"));
  assert.equal(bars.length, result.bars);
  // DST: on Friday 2024-03-08 the session opens 14:30Z, on Monday 2024-03-11 at 13:30Z.
  const day = (d: string) =>
    Array.from(bars.ts).filter((t) => new Date(t).toISOString().startsWith(d));
  assert.equal(new Date(Math.min(...day("2024-03-08"))).toISOString(), "2024-03-08T14:30:00.000Z");
  assert.equal(new Date(Math.max(...day("2024-03-08"))).toISOString(), "2024-03-08T20:59:00.000Z");
  assert.equal(new Date(Math.min(...day("2024-03-11"))).toISOString(), "2024-03-11T13:30:00.000Z");
  assert.equal(new Date(Math.max(...day("2024-03-11"))).toISOString(), "2024-03-11T19:59:00.000Z");
  for (let i = 0; i < bars.length; i++) {
    assert.ok(bars.low[i] <= bars.open[i] && bars.open[i] <= bars.high[i]);
    assert.ok(bars.low[i] <= bars.close[i] && bars.close[i] <= bars.high[i]);
    assert.ok(bars.spreadMean[i] > 0);
  }
  assert.deepEqual(datasetRows(a), [{
    dataset_id: id,
    status: "READY",
    symbol: "TEST",
    error: null,
    bar_count: result.bars,
  }]);

  // A second build of the same inputs is found, not rebuilt.
  const again = await hewston(args, { dataDir: a });
  assert.equal(JSON.parse(again.stdout).reused, true);
});

sampleTest(
  "hewston data --dbn derives extended-hours bars from the real Databento sample files",
  async () => {
    const dir = await tempDir();
    const r = await hewston([
      "data",
      "--symbol",
      "ESH1",
      "--from",
      "2020-12-28",
      "--to",
      "2020-12-28",
      "--extended",
      "--dbn",
      join(SAMPLES, "test_data.trades.v3.dbn.zst"),
      join(SAMPLES, "test_data.tbbo.v1.dbn.zst"),
      "--json",
    ], { dataDir: dir });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.records.trades, 2);
    assert.equal(result.records.quotes, 2);
    const bars = await readBarsParquet(
      join(dir, "derived/bars", result.dataset.dataset_id, "bars.parquet"),
    );
    assert.ok(bars.length >= 1);
    // The first sample trade: 2020-12-28T13:00:00Z (08:00 ET, pre-market), price 3720.25.
    assert.equal(new Date(bars.ts[0]).toISOString(), "2020-12-28T13:00:00.000Z");
    assert.equal(bars.open[0], 3720.25);
    // Inputs were copied into the raw cache.
    assert.equal((await listDir(join(dir, "raw/dbn/ESH1"))).length, 2);
  },
);

sampleTest(
  "hewston data --dbn reads a folder whose entries are links to the sample files, and names a broken one",
  async () => {
    const dir = await tempDir();
    const links = await tempDir();
    // Absolute links out of the folder, to files the launcher was never told about.
    await Deno.symlink(
      join(SAMPLES, "test_data.trades.v3.dbn.zst"),
      join(links, "a.trades.dbn.zst"),
    );
    await Deno.symlink(join(SAMPLES, "test_data.tbbo.v1.dbn.zst"), join(links, "b.tbbo.dbn.zst"));
    const args = [
      "data",
      "--symbol",
      "ESH1",
      "--from",
      "2020-12-28",
      "--to",
      "2020-12-28",
      "--extended",
      "--dbn",
      links,
      "--json",
    ];
    const r = await hewston(args, { dataDir: dir });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.records.trades, 2);
    assert.equal(result.records.quotes, 2);
    // A link whose target is gone is named, not skipped.
    await Deno.symlink(join(links, "gone.dbn"), join(links, "c.dbn"));
    const broken = await hewston(args, { dataDir: await tempDir() });
    assert.equal(broken.code, 1);
    assert.equal(
      broken.stderr.trim().split("\n").at(-1),
      `hewston: --dbn: ${join(links, "c.dbn")} is a broken link (to ${
        join(links, "gone.dbn")
      }, which is missing)`,
    );
    await Deno.remove(links, { recursive: true });
  },
);

Deno.test("hewston data fails with one clear line and leaves no dataset for bad input", async (t) => {
  const dir = await tempDir();
  const cases: [string, string[], RegExp][] = [
    ["legacy DBZ", [
      "--symbol",
      "ESH1",
      "--from",
      "2020-12-28",
      "--to",
      "2020-12-28",
      "--dbn",
      join(SAMPLES, "test_data.trades.dbz"),
    ], /test_data\.trades\.dbz.*DBZ.*offset/i],
    ["synthetic for a real symbol", [
      "--symbol",
      "AAPL",
      "--from",
      "2024-01-02",
      "--to",
      "2024-01-05",
      "--synthetic",
    ], /synthetic source serves only DEMO and TEST/],
    ["empty date range", [
      "--symbol",
      "TEST",
      "--from",
      "2024-02-01",
      "--to",
      "2024-01-01",
      "--synthetic",
    ], /empty date range/],
    [
      "no source",
      ["--symbol", "TEST", "--from", "2024-01-02", "--to", "2024-01-05"],
      /choose exactly one source/,
    ],
    ["unknown flag", ["--symbol", "TEST", "--bogus"], /bogus/],
    ["missing file", [
      "--symbol",
      "TEST",
      "--from",
      "2024-01-02",
      "--to",
      "2024-01-05",
      "--dbn",
      "/nonexistent/x.dbn",
    ], /no such file/],
    ["Databento without a key", [
      "--symbol",
      "AAPL",
      "--from",
      "2024-01-02",
      "--to",
      "2024-01-05",
      "--databento",
    ], /DATABENTO_API_KEY/],
  ];
  for (const [name, args, re] of cases) {
    // The DBZ case reads a Databento sample file: skipped with the others on a public clone.
    const ignore = name === "legacy DBZ" && !HAVE_SAMPLES && !REQUIRE_SAMPLES;
    await t.step({
      name,
      ignore,
      fn: async () => {
        const r = await hewston(["data", ...args], {
          dataDir: dir,
          env: { DATABENTO_API_KEY: "" },
        });
        assert.notEqual(r.code, 0);
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^hewston: /);
        assert.match(lines[0], re);
      },
    });
  }
  assert.deepEqual(await listDir(join(dir, "derived/bars")), []);
});

sampleTest(
  "hewston data marks the dataset ERROR and removes partial files when a DBN file is truncated",
  async () => {
    const dir = await tempDir();
    const src = await Deno.readFile(join(SAMPLES, "test_data.trades.dbn"));
    const cut = join(dir, "..", `${crypto.randomUUID()}.trades.dbn`);
    await Deno.writeFile(cut, src.subarray(0, src.length - 10));
    const r = await hewston([
      "data",
      "--symbol",
      "ESH1",
      "--from",
      "2020-12-28",
      "--to",
      "2020-12-28",
      "--extended",
      "--dbn",
      cut,
    ], { dataDir: dir });
    await Deno.remove(cut);
    assert.equal(r.code, 1);
    // Progress lines may come first (stderr is not a terminal); the error is the last line.
    const last = r.stderr.trim().split("\n").at(-1)!;
    assert.equal(last.startsWith(`hewston: ${cut}: truncated record`), true, last);
    assert.match(last, /at byte offset \d+$/);
    const rows = datasetRows(dir);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, "ERROR");
    assert.match(String(rows[0].error), /truncated record/);
    assert.deepEqual(await listDir(join(dir, "derived/bars")), []);
  },
);

Deno.test("hewston data --csv and --parquet import candles into READY datasets", async () => {
  const dir = await tempDir();
  const csv = join(dir, "..", `${crypto.randomUUID()}-candles.csv`);
  const rows = ["timestamp;Open;High;Low;Close;Volume"];
  for (let i = 0; i < 390; i++) {
    const t = new Date(Date.UTC(2024, 2, 8, 14, 30 + i)).toISOString();
    const o = 100 + i * 0.01;
    rows.push(
      `${t};${o.toFixed(2)};${(o + 0.05).toFixed(2)};${(o - 0.05).toFixed(2)};${
        (o + 0.01).toFixed(2)
      };${100 + i}`,
    );
  }
  await Deno.writeTextFile(csv, rows.join("\n") + "\n");
  const r = await hewston(
    [
      "data",
      "--symbol",
      "ACME",
      "--from",
      "2024-03-08",
      "--to",
      "2024-03-08",
      "--csv",
      csv,
      "--json",
    ],
    { dataDir: dir },
  );
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  assert.equal(res.dataset.source_kind, "csv");
  assert.deepEqual(res.dataset.products, ["OHLCV"]);
  assert.equal(res.bars, 390);
  const parquetPath = join(dir, "derived/bars", res.dataset.dataset_id, "bars.parquet");
  const bars = await readBarsParquet(parquetPath);
  assert.equal(bars.open[0], 100);
  assert.equal(bars.volume[389], 489);
  assert.ok(Number.isNaN(bars.spreadMean[0]));

  // The derived Parquet file itself is a valid --parquet input.
  const again = await hewston(
    [
      "data",
      "--symbol",
      "ACME2",
      "--from",
      "2024-03-08",
      "--to",
      "2024-03-08",
      "--parquet",
      parquetPath,
      "--json",
    ],
    { dataDir: dir },
  );
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(again.stdout).bars, 390);

  const bad = join(dir, "..", `${crypto.randomUUID()}-bad.csv`);
  await Deno.writeTextFile(bad, "ts,open,high,low,close\n2024-03-08T14:30:00Z,1,0.5,0.9,1\n");
  const b = await hewston(
    ["data", "--symbol", "ACME", "--from", "2024-03-08", "--to", "2024-03-08", "--csv", bad],
    { dataDir: dir },
  );
  assert.equal(b.code, 1);
  assert.match(b.stderr.trim().split("\n").at(-1)!, /^hewston: .*bad\.csv:2: /);
  await Deno.remove(csv);
  await Deno.remove(bad);
});

Deno.test("hewston data --force rebuilds a dataset that runs use in place, under the same id", async () => {
  const dir = await tempDir();
  const data = ["data", "--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-08"];
  const build = await hewston([...data, "--synthetic", "--json"], { dataDir: dir });
  assert.equal(build.code, 0, build.stderr);
  const id = JSON.parse(build.stdout).dataset.dataset_id;
  const before = await Deno.readFile(join(dir, "derived/bars", id, "bars.parquet"));
  const run = await hewston(
    ["backtest", "--dataset", id, "--strategy", "sma_crossover", "--param", "fast=5", "--json"],
    { dataDir: dir },
  );
  assert.equal(run.code, 0, run.stderr);
  const runId = JSON.parse(run.stdout).run_id;

  const again = await hewston([...data, "--synthetic", "--force", "--json"], { dataDir: dir });
  assert.equal(again.code, 0, again.stderr);
  const rebuilt = JSON.parse(again.stdout);
  assert.equal(rebuilt.reused, false);
  assert.equal(rebuilt.dataset.dataset_id, id);
  assert.deepEqual(datasetRows(dir).map((r) => [r.dataset_id, r.status]), [[id, "READY"]]);
  assert.deepEqual(await Deno.readFile(join(dir, "derived/bars", id, "bars.parquet")), before);
  // The run still points at the dataset and still reproduces from it.
  const verify = await hewston(["verify", runId], { dataDir: dir });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});
