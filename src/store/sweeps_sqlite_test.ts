import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import type { SweepRecord } from "../domain/sweep_record.ts";
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { MIGRATIONS } from "./migrations.ts";
import { SqliteSweeps } from "./sweeps_sqlite.ts";

const DATASET = {
  datasetId: "D",
  symbol: "TEST",
  fromDate: "2024-03-04",
  toDate: "2024-03-08",
  products: ["bars_1m"],
  calendarVersion: "test",
  tz: "America/New_York",
  rawDbn: [],
  barsParquet: [],
  barsManifestPath: "derived/bars/D/manifest.json",
  generatedAt: "2024-03-09T00:00:00.000Z",
  sizeBytes: 0,
  status: "READY" as const,
  sourceKind: "synthetic" as const,
  session: "regular" as const,
  barCount: 0,
  manifestSha256: null,
  error: null,
};

function sweep(id: string, createdAt: string, over: Partial<SweepRecord> = {}): SweepRecord {
  return {
    sweepId: id,
    datasetId: "D",
    strategyId: "sma_crossover",
    grid: [{ name: "fast", values: [5, 10] }],
    baseConfig: { dataset_id: "D", strategy: { id: "sma_crossover", params: {} } },
    metric: "sharpe",
    blocks: 16,
    members: 2,
    skipped: 0,
    doneMembers: 0,
    status: "QUEUED",
    createdAt,
    finishedAt: null,
    durationMs: null,
    pbo: null,
    bestMember: null,
    bestParams: null,
    bestSharpe: null,
    dsr: null,
    manifestHash: null,
    error: null,
    idempotencyKey: null,
    ...over,
  };
}

Deno.test("SqliteSweeps creates once, finds by id and key, lists newest first, updates and deletes", () => {
  const cat = new SqliteCatalog(":memory:");
  cat.putDataset(DATASET);
  const sweeps = new SqliteSweeps(cat.db);
  const a = sweep("sw-a", "2024-01-01T00:00:00Z", { idempotencyKey: "key-a" });
  assert.deepEqual(sweeps.create(a), { created: true, sweep: a });
  assert.deepEqual(sweeps.create({ ...a, members: 99 }), { created: false, sweep: a });
  assert.deepEqual(sweeps.findByIdempotencyKey("key-a"), a);
  assert.equal(sweeps.findByIdempotencyKey("nope"), null);
  sweeps.create(sweep("sw-b", "2024-01-02T00:00:00Z"));
  assert.deepEqual(sweeps.list().items.map((s) => s.sweepId), ["sw-b", "sw-a"]);
  const dsr = {
    sharpe: 1.5,
    trials: 2,
    sharpe_variance: 0.5,
    expected_max_sharpe: 0.4,
    probability: 0.9,
    note: "n",
  };
  sweeps.update("sw-a", {
    status: "DONE",
    doneMembers: 2,
    bestMember: 1,
    bestParams: { fast: 10 },
    bestSharpe: 1.5,
    dsr,
    pbo: 0.25,
  });
  const done = sweeps.get("sw-a")!;
  assert.equal(done.status, "DONE");
  assert.deepEqual([done.doneMembers, done.bestMember, done.pbo], [2, 1, 0.25]);
  assert.deepEqual(done.bestParams, { fast: 10 });
  assert.deepEqual(done.dsr, dsr);
  assert.deepEqual(sweeps.list({ status: "DONE" }), { items: [done], total: 1 });
  assert.deepEqual(sweeps.idsWithStatus("QUEUED"), ["sw-b"]);
  sweeps.update("sw-b", { status: "ERROR", error: "boom", doneMembers: 1 });
  sweeps.requeue("sw-b");
  const again = sweeps.get("sw-b")!;
  assert.deepEqual([again.status, again.error, again.doneMembers], ["QUEUED", null, 0]);
  sweeps.delete("sw-a");
  assert.equal(sweeps.get("sw-a"), null);
  cat.close();
});

Deno.test("migration 7 keeps the sweeps an older catalog recorded and allows QUEUED", () => {
  const db = new DatabaseSync(":memory:");
  db.exec("PRAGMA foreign_keys = ON");
  for (const m of MIGRATIONS.filter((m) => m.version <= 6)) db.exec(m.sql);
  db.exec(
    `INSERT INTO datasets (dataset_id, symbol, from_date, to_date, products_json, calendar_version,
      raw_dbn_json, bars_parquet_json, bars_manifest_path, generated_at, size_bytes, status)
     VALUES ('D','TEST','2024-03-04','2024-03-08','[]','t','[]','[]','m','t',0,'READY')`,
  );
  db.exec(
    `INSERT INTO sweeps (sweep_id, dataset_id, strategy_id, grid_json, base_config_json, members,
      skipped, status, created_at, pbo) VALUES ('sw-old','D','s','[]','{}',4,1,'DONE','t',0.5)`,
  );
  assert.throws(() =>
    db.exec(
      `INSERT INTO sweeps (sweep_id, dataset_id, strategy_id, grid_json, base_config_json,
        members, skipped, status, created_at) VALUES ('sw-q','D','s','[]','{}',1,0,'QUEUED','t')`,
    )
  );
  db.exec(MIGRATIONS.find((m) => m.version === 7)!.sql);
  const old = new SqliteSweeps(db).get("sw-old")!;
  assert.deepEqual(
    [old.status, old.members, old.skipped, old.doneMembers, old.pbo, old.metric, old.blocks],
    ["DONE", 4, 1, 4, 0.5, "sharpe", 16],
  );
  db.exec(
    `INSERT INTO sweeps (sweep_id, dataset_id, strategy_id, grid_json, base_config_json, members,
      skipped, status, created_at) VALUES ('sw-q','D','s','[]','{}',1,0,'QUEUED','t')`,
  );
  db.close();
});
