/**
 * End-to-end specs of `hewston sweep`: the real launcher, a temp data dir, the worker pool.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hewston } from "./_hewston.ts";
import { PARQUET_METADATA_KEY, readParquet } from "../src/store/parquet.ts";
import { tempDir } from "./testing/temp_dir.ts";

const SWEEP = [
  "sweep",
  "--symbol",
  "TEST",
  "--from",
  "2024-03-04",
  "--to",
  "2024-03-15",
  "--strategy",
  "sma_crossover",
  "--grid",
  "fast=5:15:5",
  "--grid",
  "slow=10,20,40",
  "--fees-bps",
  "1",
  "--workers",
  "2",
  "--json",
];

Deno.test("hewston sweep runs the grid, writes table, heatmap and PBO, and records trials", async () => {
  const dir = await tempDir();
  const r = await hewston(SWEEP, { dataDir: dir });
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  // fast ∈ {5,10,15} × slow ∈ {10,20,40}: (10,10) and (15,10) are invalid (fast ≥ slow).
  assert.equal(res.members, 7);
  assert.equal(res.skipped, 2);
  assert.equal(res.existed, false);
  assert.ok(res.pbo >= 0 && res.pbo <= 1);
  const names = res.files.map((f: { name: string }) => f.name);
  assert.deepEqual(names, ["heatmap.json", "pbo.json", "sweep-manifest.json", "sweep.parquet"]);

  const heat = JSON.parse(await Deno.readTextFile(join(res.folder, "heatmap.json")));
  assert.deepEqual(heat.x.values, [5, 10, 15]);
  assert.deepEqual(heat.y.values, [10, 20, 40]);
  assert.equal(heat.z[0][1], null); // fast 10, slow 10: skipped
  const table = await readParquet(await Deno.readFile(join(res.folder, "sweep.parquet")));
  assert.equal(table.numRows, 7);
  assert.ok(table.getChild("sharpe") !== null && table.getChild("param_fast") !== null);
  // Typed columns: whole-number parameters int64, switches boolean, metrics float64.
  const type = (name: string) => String(table.schema.fields.find((f) => f.name === name)?.type);
  assert.equal(type("member"), "Int64");
  assert.equal(type("param_fast"), "Int64");
  assert.equal(type("param_slow"), "Int64");
  assert.equal(type("param_allow_short"), "Bool");
  assert.equal(type("sharpe"), "Float64");
  assert.deepEqual([...table.getChild("param_fast")!.toArray()], [5n, 5n, 5n, 10n, 10n, 15n, 15n]);
  // The sweep's inputs travel with the file.
  // (One JSON object under one footer key: several keys came out in a different order per write.)
  const meta = JSON.parse(table.schema.metadata.get(PARQUET_METADATA_KEY)!) as Record<
    string,
    string
  >;
  assert.equal(meta.sweep_id, res.sweep_id);
  assert.equal(meta.symbol, "TEST");
  assert.match(meta.dataset_id, /^TEST-2024-03-04-2024-03-15/);
  assert.equal(meta.strategy, "sma_crossover");
  assert.equal(meta.metric, "sharpe");
  const pbo = JSON.parse(await Deno.readTextFile(join(res.folder, "pbo.json")));
  assert.equal(pbo.logits.length, pbo.combinations ?? pbo.logits.length);

  const db = new DatabaseSync(join(dir, "catalog.sqlite"), { readOnly: true });
  const n =
    (db.prepare("SELECT count(*) AS n FROM trials WHERE source = 'sweep'").get() as { n: number })
      .n;
  const status = (db.prepare("SELECT status FROM sweeps").get() as { status: string }).status;
  db.close();
  assert.equal(n, 7);
  assert.equal(status, "DONE");

  const again = JSON.parse((await hewston(SWEEP, { dataDir: dir })).stdout);
  assert.equal(again.existed, true);
  assert.equal(again.sweep_id, res.sweep_id);
});

Deno.test("hewston sweep rejects a bad grid with one line", async () => {
  const dir = await tempDir();
  const bad = SWEEP.map((a) => (a === "fast=5:15:5" ? "fast=5:x:5" : a));
  const r = await hewston(bad, { dataDir: dir });
  assert.notEqual(r.code, 0);
  const last = r.stderr.trim().split("\n").at(-1)!;
  assert.match(last, /^hewston: .*fast=5:x:5/);
});
