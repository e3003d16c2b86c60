import assert from "node:assert/strict";
import { join } from "node:path";
import type { DatasetRecord } from "../domain/ports.ts";
import { MIGRATIONS } from "./migrations.ts";
import { SqliteCatalog } from "./catalog_sqlite.ts";

function dataset(id: string, over: Partial<DatasetRecord> = {}): DatasetRecord {
  return {
    datasetId: id,
    symbol: "DEMO",
    fromDate: "2024-01-02",
    toDate: "2024-01-31",
    products: ["TRADES", "TBBO"],
    calendarVersion: "nasdaq-test",
    tz: "America/New_York",
    rawDbn: ["raw/a.trades.dbn.zst"],
    barsParquet: [`derived/bars/${id}/bars.parquet`],
    barsManifestPath: `derived/bars/${id}/manifest.json`,
    generatedAt: "2024-02-01T00:00:00.000Z",
    sizeBytes: 1234,
    status: "READY",
    sourceKind: "synthetic",
    session: "regular",
    barCount: 7800,
    manifestSha256: "ab".repeat(32),
    error: null,
    ...over,
  };
}

Deno.test("SqliteCatalog applies every migration on open, in WAL mode (synchronous NORMAL) with foreign keys", async () => {
  const dir = await Deno.makeTempDir();
  const cat = new SqliteCatalog(join(dir, "catalog.sqlite"));
  assert.equal(cat.schemaVersion(), MIGRATIONS.at(-1)!.version);
  assert.deepEqual({ ...cat.db.prepare("PRAGMA journal_mode").get() }, { journal_mode: "wal" });
  assert.deepEqual({ ...cat.db.prepare("PRAGMA foreign_keys").get() }, { foreign_keys: 1 });
  assert.deepEqual({ ...cat.db.prepare("PRAGMA synchronous").get() }, { synchronous: 1 });
  const names = cat.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table','view')")
    .all().map((r) => (r as { name: string }).name).sort();
  for (const n of ["datasets", "run_metrics", "runs", "runs_list"]) assert.ok(names.includes(n));
  cat.close();
  // Re-opening a migrated file is a no-op and keeps the data.
  const again = new SqliteCatalog(join(dir, "catalog.sqlite"));
  assert.equal(again.schemaVersion(), MIGRATIONS.at(-1)!.version);
  again.close();
});

Deno.test("SqliteCatalog stores, lists, fails and deletes datasets", () => {
  const cat = new SqliteCatalog(":memory:");
  cat.putDataset(dataset("A", { generatedAt: "2024-01-01T00:00:00.000Z" }));
  cat.putDataset(dataset("B", { symbol: "TEST" }));
  assert.deepEqual(cat.getDataset("A"), dataset("A", { generatedAt: "2024-01-01T00:00:00.000Z" }));
  assert.deepEqual(cat.listDatasets().map((d) => d.datasetId), ["B", "A"]);
  assert.deepEqual(cat.listDatasets({ symbol: "TEST" }).map((d) => d.datasetId), ["B"]);
  cat.failDataset("A", "boom");
  assert.equal(cat.getDataset("A")!.status, "ERROR");
  assert.equal(cat.getDataset("A")!.error, "boom");
  cat.deleteDataset("A");
  assert.equal(cat.getDataset("A"), null);
  cat.close();
});

Deno.test("SqliteCatalog refuses a status outside the seed's CHECK constraint", () => {
  const cat = new SqliteCatalog(":memory:");
  assert.throws(() => cat.putDataset(dataset("X", { status: "DONE" as "READY" })));
  cat.close();
});

Deno.test("SqliteCatalog keeps a dataset that runs reference (ON DELETE RESTRICT)", () => {
  const cat = new SqliteCatalog(":memory:");
  cat.putDataset(dataset("A"));
  cat.db.prepare(
    `INSERT INTO runs (run_id, dataset_id, strategy_id, params_json, seed, slippage_fees_json,
      code_hash, created_at, status, run_manifest_path) VALUES ('r1','A','sma','{}',1,'{}','c',
      '2024-01-01T00:00:00Z','QUEUED','backtests/r1/run-manifest.json')`,
  ).run();
  assert.throws(() => cat.deleteDataset("A"), /FOREIGN KEY/);
  const view = cat.db.prepare("SELECT run_id, symbol FROM runs_list").all();
  assert.deepEqual(view.map((r) => ({ ...r })), [{ run_id: "r1", symbol: "DEMO" }]);
  cat.close();
});

Deno.test("SqliteCatalog.findReadyDataset() matches symbol, exact range, session and READY only", () => {
  const cat = new SqliteCatalog(":memory:");
  cat.putDataset(dataset("A"));
  cat.putDataset(dataset("B", { status: "ERROR" }));
  cat.putDataset(dataset("C", { session: "extended" }));
  assert.equal(cat.findReadyDataset("demo", "2024-01-02", "2024-01-31")?.datasetId, "A");
  assert.equal(
    cat.findReadyDataset("DEMO", "2024-01-02", "2024-01-31", "extended")?.datasetId,
    "C",
  );
  assert.equal(cat.findReadyDataset("DEMO", "2024-01-02", "2024-01-30"), null);
  cat.close();
});
