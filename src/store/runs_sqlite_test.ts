import assert from "node:assert/strict";
import type { DatasetRecord, RunRecord } from "../domain/ports.ts";
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { SqliteRuns } from "./runs_sqlite.ts";

function setup() {
  const cat = new SqliteCatalog(":memory:");
  const ds = (id: string, symbol: string): DatasetRecord => ({
    datasetId: id,
    symbol,
    fromDate: "2024-01-02",
    toDate: "2024-01-31",
    products: ["TRADES", "TBBO"],
    calendarVersion: "v",
    tz: "America/New_York",
    rawDbn: [],
    barsParquet: [],
    barsManifestPath: "",
    generatedAt: "2024-02-01T00:00:00Z",
    sizeBytes: 1,
    status: "READY",
    sourceKind: "synthetic",
    session: "regular",
    barCount: 1,
    manifestSha256: null,
    error: null,
  });
  cat.putDataset(ds("D1", "DEMO"));
  cat.putDataset(ds("D2", "TEST"));
  return { cat, runs: new SqliteRuns(cat.db) };
}

function run(id: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    runId: id,
    datasetId: "D1",
    strategyId: "sma_crossover",
    params: { fast: 20, slow: 50 },
    seed: 42,
    slippageFees: { k_spread: 0.5, fees_bps: 1 },
    speed: 60,
    codeHash: "c0de",
    createdAt: `2024-03-01T00:00:0${id.slice(-1)}Z`,
    status: "QUEUED",
    durationMs: null,
    metricsPath: null,
    equityPath: null,
    ordersPath: null,
    fillsPath: null,
    tradesPath: null,
    runManifestPath: `backtests/${id}/run-manifest.json`,
    inputHash: `hash-${id}`,
    idempotencyKey: null,
    config: { a: 1 },
    manifestHash: null,
    chainPrev: null,
    error: null,
    finishedAt: null,
    ...over,
  };
}

Deno.test("SqliteRuns.createRun() returns the existing run for a taken input hash", () => {
  const { cat, runs } = setup();
  assert.deepEqual(runs.createRun(run("r1")), { run: run("r1"), created: true });
  const again = runs.createRun(run("r1-dup", { inputHash: "hash-r1" }));
  assert.equal(again.created, false);
  assert.equal(again.run.runId, "r1");
  const byKey = runs.createRun(run("r2", { idempotencyKey: "k" }));
  assert.equal(byKey.created, true);
  assert.equal(runs.createRun(run("r3", { idempotencyKey: "k" })).run.runId, "r2");
  cat.close();
});

Deno.test("SqliteRuns lists with filters, metric ordering and paging", () => {
  const { cat, runs } = setup();
  runs.createRun(run("r1"));
  runs.createRun(run("r2", { datasetId: "D2" }));
  runs.createRun(run("r3"));
  runs.putRunMetrics("r1", { sharpe: 1.5, total_return: 0.1 }, "t");
  runs.putRunMetrics("r3", { sharpe: 2.5, total_return: NaN }, "t");
  assert.deepEqual(runs.listRuns().items.map((r) => r.runId), ["r3", "r2", "r1"]);
  assert.deepEqual(runs.listRuns({ symbol: "demo" }).items.map((r) => r.runId), ["r3", "r1"]);
  assert.deepEqual(runs.listRuns({ order: "-sharpe" }).items.map((r) => r.runId), [
    "r3",
    "r1",
    "r2",
  ]);
  const page = runs.listRuns({ order: "created_at", limit: 1, offset: 1 });
  assert.equal(page.total, 3);
  assert.deepEqual(page.items.map((r) => r.runId), ["r2"]);
  assert.equal(runs.getRunMetrics("r3")!.total_return, null);
  assert.throws(() => runs.listRuns({ order: "run_id; DROP TABLE runs" }), /cannot order runs/);
  cat.close();
});

Deno.test("SqliteRuns.lastManifestHash() follows the most recently finished DONE run", () => {
  const { cat, runs } = setup();
  assert.equal(runs.lastManifestHash(), null);
  runs.createRun(run("r1"));
  runs.createRun(run("r2"));
  runs.updateRun("r1", { status: "DONE", manifestHash: "m1", finishedAt: "2024-03-02T00:00:00Z" });
  runs.updateRun("r2", { status: "ERROR", manifestHash: "m2", finishedAt: "2024-03-03T00:00:00Z" });
  assert.equal(runs.lastManifestHash(), "m1");
  runs.deleteRun("r1");
  assert.equal(runs.getRun("r1"), null);
  cat.close();
});

Deno.test("SqliteRuns.listRuns() keeps runs whose dataset overlaps from/to", () => {
  const { cat, runs } = setup();
  const d1 = cat.getDataset("D1")!;
  cat.putDataset({ ...d1, datasetId: "D3", fromDate: "2024-03-01", toDate: "2024-03-31" });
  runs.createRun(run("r1"));
  runs.createRun(run("r2", { datasetId: "D3" }));
  const ids = (q: { from?: string; to?: string }) =>
    runs.listRuns({ ...q, order: "created_at" }).items.map((r) => r.runId);
  assert.deepEqual(ids({ from: "2024-01-31" }), ["r1", "r2"]);
  assert.deepEqual(ids({ from: "2024-02-01" }), ["r2"]);
  assert.deepEqual(ids({ to: "2024-02-29" }), ["r1"]);
  assert.deepEqual(ids({ from: "2024-02-01", to: "2024-02-29" }), []);
  assert.deepEqual(ids({ from: "2024-01-15", to: "2024-03-01" }), ["r1", "r2"]);
  assert.equal(runs.listRuns({ from: "2024-02-01" }).total, 1);
  cat.close();
});

Deno.test("SqliteRuns.listRunSummariesJson() serves pages as JSON and notices every write", () => {
  const { cat, runs } = setup();
  runs.createRun(run("r1"));
  runs.putRunMetrics("r1", { sharpe: 1.5 }, "t");
  const first = runs.listRunSummariesJson({}, "/runs");
  assert.equal(first.total, 1);
  const items = JSON.parse(first.itemsJson);
  assert.equal(items[0].run_id, "r1");
  assert.equal(items[0].symbol, "DEMO");
  assert.equal(items[0].url, "/runs/r1");
  assert.deepEqual(items[0].params, { fast: 20, slow: 50 });
  assert.equal(items[0].metrics.sharpe, 1.5);
  assert.equal(runs.listRunSummariesJson({}, "/runs"), runs.listRunSummariesJson({}, "/runs"));
  runs.updateRun("r1", { status: "DONE" });
  assert.equal(JSON.parse(runs.listRunSummariesJson({}, "/runs").itemsJson)[0].status, "DONE");
  cat.close();
});

Deno.test("SqliteRuns.listRunSummariesJson() notices a commit by another connection", async () => {
  const path = (await Deno.makeTempDir()) + "/catalog.sqlite";
  const a = new SqliteCatalog(path);
  const { cat: seed } = setup();
  for (const d of seed.listDatasets()) a.putDataset(d);
  seed.close();
  const b = new SqliteCatalog(path);
  const runsA = new SqliteRuns(a.db);
  assert.equal(runsA.listRunSummariesJson({}, "/runs").total, 0);
  new SqliteRuns(b.db).createRun(run("r9"));
  assert.equal(runsA.listRunSummariesJson({}, "/runs").total, 1);
  a.close();
  b.close();
});
