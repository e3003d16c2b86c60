/**
 * The `TaskRunner` port's contract, run against every implementation: the Web Worker pool,
 * the CLI's runner (its pool), the BullMQ adapter (a real redis-server on a random loopback
 * port and a queue worker over a real data dir), and the test double `ManualPool` (driven by
 * the test, which computes the chunk itself). What every one must do:
 *
 * - a sweep chunk resolves with exactly the rows the engine computes in this process;
 * - a task whose signal is already aborted rejects with CANCELLED, and so does one aborted
 *   while it is queued or running;
 * - `parallelism` is at least 1, and `stats()` reports nothing running once tasks settle.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { HewstonError } from "../src/domain/errors.ts";
import { sha256Hex } from "../src/domain/hash.ts";
import { randomBars } from "../src/engine/testing/bar_fixtures.ts";
import { createFeatureCache } from "../src/engine/indicators/mod.ts";
import { parseRunConfig } from "../src/engine/run_config.ts";
import { expandGrid, parseGrid, runSweepMembers, type SweepRow } from "../src/engine/sweep/mod.ts";
import { barsPerYear } from "../src/market/calendar/mod.ts";
import type { SweepChunkTask, TaskRunner } from "../src/services/tasks.ts";
import { encodeBarsParquet } from "../src/store/bars_parquet.ts";
import { codeVersion } from "../src/store/code_version.ts";
import { ensureDataDir, resolveDataDir } from "../src/store/data_dir.ts";
import { openStore } from "../src/store/open_store.ts";
import { CliTaskRunner } from "../jobs/cli_runner.ts";
import { WorkerPool } from "../jobs/pool.ts";
import { QueueTaskRunner } from "../jobs/bullmq/queue_runner.ts";
import { startQueueWorker } from "../jobs/bullmq/worker_main.ts";
import { ManualPool } from "../src/api/testing/test_app.ts";
import { HAVE_REDIS, startRedis } from "./testing/redis_server.ts";

/** A data dir holding one READY dataset, and a sweep chunk over it with its expected rows. */
async function fixture() {
  const dir = resolveDataDir(await Deno.makeTempDir({ prefix: "hewston-contract-" }));
  await ensureDataDir(dir);
  const bars = randomBars(3_000, 17);
  const id = "TEST-contract";
  const rel = `derived/bars/${id}/bars.parquet`;
  await Deno.mkdir(join(dir.root, "derived/bars", id), { recursive: true });
  const parquet = await encodeBarsParquet(bars);
  await Deno.writeFile(join(dir.root, rel), parquet);
  const store = await openStore(dir);
  store.catalog.putDataset({
    datasetId: id,
    symbol: "TEST",
    fromDate: "2024-01-02",
    toDate: "2024-01-31",
    products: ["OHLCV"],
    calendarVersion: "nasdaq-2000-2035.1",
    tz: "America/New_York",
    rawDbn: [],
    barsParquet: [rel],
    barsManifestPath: `derived/bars/${id}/manifest.json`,
    generatedAt: "2024-02-01T00:00:00.000Z",
    sizeBytes: parquet.length,
    status: "READY",
    sourceKind: "csv",
    session: "regular",
    barCount: bars.length,
    manifestSha256: "ab".repeat(32),
    error: null,
  });
  store.close();
  const base = parseRunConfig({ dataset_id: id, strategy_id: "sma_crossover" });
  const members = expandGrid(parseGrid(["fast=5:15:5", "slow=20:40:10"]), {}, "sma_crossover")
    .members;
  const year = barsPerYear("regular");
  const task: SweepChunkTask = {
    kind: "sweep_chunk",
    barsPath: join(dir.root, rel),
    barsKey: `${id}:${sha256Hex(parquet)}`,
    datasetId: id,
    barsSha256: sha256Hex(parquet),
    codeHash: (await codeVersion()).codeHash,
    baseConfig: base,
    members,
    from: 0,
    to: members.length,
    barsPerYear: year,
    blocks: 4,
  };
  const compute = (): SweepRow[] =>
    runSweepMembers(bars, base, members, 0, members.length, year, createFeatureCache(bars), {
      blocks: 4,
    });
  return { dir, task, expected: compute(), compute };
}

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** An implementation under test: how to open it over a fixture, and how to close it. */
interface Subject {
  name: string;
  skip?: string;
  open(f: Fixture): Promise<{ runner: TaskRunner; close(): Promise<void> }>;
}

const ENGINE_WORKER = new URL("../jobs/engine_worker.ts", import.meta.url);

const SUBJECTS: Subject[] = [
  {
    name: "WorkerPool",
    open() {
      const pool = new WorkerPool(ENGINE_WORKER, 1);
      return Promise.resolve({ runner: pool, close: () => Promise.resolve(pool.close()) });
    },
  },
  {
    name: "CliTaskRunner",
    open() {
      const runner = new CliTaskRunner({ workers: 1 });
      return Promise.resolve({ runner, close: () => Promise.resolve(runner.close()) });
    },
  },
  {
    name: "ManualPool (the test double, driven by the test)",
    open(f) {
      const pool = new ManualPool();
      // The test is the worker: every task handed out is computed here, unless it ended.
      const timer = setInterval(() => {
        for (const t of pool.tasks.splice(0)) t.resolve(f.compute());
      }, 20);
      return Promise.resolve({
        runner: pool,
        close: () => Promise.resolve(clearInterval(timer)),
      });
    },
  },
  {
    name: "QueueTaskRunner (BullMQ, real redis-server)",
    skip: HAVE_REDIS ? undefined : "redis-server is not installed",
    async open(f) {
      const redis = await startRedis();
      const worker = await startQueueWorker({ url: redis.url, dir: f.dir });
      const runner = await QueueTaskRunner.open(redis.url, { parallelism: 1, checkMs: 200 });
      return {
        runner,
        async close() {
          await runner.close();
          await worker.close();
          await redis.stop();
        },
      };
    },
  },
];

function isCancelled(e: unknown): boolean {
  return e instanceof HewstonError && e.code === "CANCELLED";
}

for (const s of SUBJECTS) {
  if (s.skip) console.error(`skipping the TaskRunner contract for ${s.name}: ${s.skip}`);
  Deno.test({
    name: `${s.name} keeps the TaskRunner contract`,
    ignore: s.skip !== undefined,
    // Workers, Redis connections and timers end in close(); BullMQ's may outlive one tick.
    sanitizeOps: false,
    sanitizeResources: false,
    async fn(t) {
      const f = await fixture();
      const { runner, close } = await s.open(f);
      try {
        await t.step("a sweep chunk resolves with the rows the engine computes here", async () => {
          assert.ok(runner.parallelism >= 1);
          const rows = await runner.run(f.task);
          assert.deepEqual(rows, f.expected);
        });
        await t.step("a task whose signal is already aborted rejects with CANCELLED", async () => {
          const ac = new AbortController();
          ac.abort();
          await assert.rejects(runner.run(f.task, { signal: ac.signal }), isCancelled);
        });
        await t.step("a task aborted while queued or running rejects with CANCELLED", async () => {
          const ac = new AbortController();
          const p = runner.run(f.task, { signal: ac.signal });
          ac.abort();
          await assert.rejects(p, isCancelled);
        });
        await t.step("nothing is reported running once the tasks settled", async () => {
          // A cancelled worker is replaced, a cancelled job acknowledged: give it a moment.
          const deadline = Date.now() + 5_000;
          while (runner.stats().running > 0 && Date.now() < deadline) {
            await new Promise((r) => setTimeout(r, 50));
          }
          assert.equal(runner.stats().running, 0);
          // And the runner still works after a cancellation.
          assert.deepEqual(await runner.run(f.task), f.expected);
        });
      } finally {
        await close();
        await Deno.remove(f.dir.root, { recursive: true });
      }
    },
  });
}
