/**
 * @module
 * A queue worker: a BullMQ `Worker` on the `hewston-engine` queue that runs sweep chunks with
 * the same engine code as the local pool (`engine_worker.ts` in a Web Worker, so this event
 * loop keeps the job's lock alive while the chunk computes). A chunk names its bars by dataset
 * id and sha256: the worker finds them in its own data dir or its bars cache, or fetches them
 * once from the owning server (`worker_bars.ts`), and checks the file's sha256 once.
 * It refuses chunks of another code version (`VERSION_MISMATCH`), stops a chunk whose cancel
 * key appears, and, closed, finishes nothing half-way: an unfinished chunk goes back to the
 * queue when its lock expires (another worker retries it).
 */
// First: the queue's libraries must load under the launcher's scoped --allow-env.
import "./scoped_env.ts";
import { Worker } from "bullmq";
import { HewstonError } from "../../src/domain/errors.ts";
import type { SweepRow } from "../../src/engine/sweep/mod.ts";
import type { SweepChunkTask } from "../../src/services/tasks.ts";
import { SqliteCatalog } from "../../src/store/catalog_sqlite.ts";
import { codeVersion } from "../../src/store/code_version.ts";
import type { DataDir } from "../../src/store/data_dir.ts";
import { WorkerPool } from "../pool.ts";
import type { BarsServer } from "./bars_fetch.ts";
import { WorkerBars } from "./worker_bars.ts";
import {
  cancelKey,
  encodeRows,
  failureReason,
  parseRedisUrl,
  QUEUE_NAME,
  type WireChunk,
} from "./wire.ts";

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  /** `redis://[:password@]HOST:PORT`. */
  url: string;
  /** The data dir whose datasets this worker reads (and whose cache keeps fetched bars). */
  dir: DataDir;
  /** The server that owns the datasets: bars this worker lacks are fetched from it. */
  server?: BarsServer;
  /**
   * How long a chunk stays claimed without this worker's heartbeat before another worker
   * may retry it (BullMQ's lock duration; stalled jobs are checked at half of it).
   * @default 30000
   */
  lockMs?: number;
  /** One line per chunk started, done, failed or cancelled. */
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  /** Stops taking chunks; resolves when the current one ended (or was given up). */
  close(): Promise<void>;
}

/**
 * Starts taking sweep chunks from the queue at `opts.url`.
 * @throws {ValidationError} for a malformed URL
 */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = parseRedisUrl(opts.url);
  const { codeHash } = await codeVersion();
  const log = opts.log ?? (() => {});
  const pool = new WorkerPool(new URL("../engine_worker.ts", import.meta.url), 1);
  const catalog = new SqliteCatalog(opts.dir.catalog, { busyTimeoutMs: 30_000 });
  const bars = new WorkerBars({ dir: opts.dir, catalog, server: opts.server, log });
  const lockMs = opts.lockMs ?? 30_000;

  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const chunk = job.data as WireChunk;
      const id = job.id!;
      try {
        if (chunk.code_hash !== codeHash) {
          throw new HewstonError(
            "VERSION_MISMATCH",
            `worker runs code ${codeHash.slice(0, 12)}…, the sweep needs ` +
              `${String(chunk.code_hash).slice(0, 12)}…: run the same Hewston version everywhere`,
          );
        }
        const client = await worker.client;
        if (await client.get(cancelKey(id))) throw cancelledError();
        log(`chunk ${id} started (${chunk.members.length} members from ${chunk.from})`);
        const t0 = performance.now();
        const task: SweepChunkTask = {
          kind: "sweep_chunk",
          barsPath: await bars.pathFor(chunk.dataset_id, chunk.bars_parquet_sha256),
          barsKey: `${chunk.dataset_id}:${chunk.bars_parquet_sha256}`,
          datasetId: chunk.dataset_id,
          barsSha256: chunk.bars_parquet_sha256,
          codeHash: chunk.code_hash,
          baseConfig: chunk.base_config,
          members: chunk.members,
          from: 0,
          to: chunk.members.length,
          barsPerYear: chunk.bars_per_year,
          blocks: chunk.blocks,
        };
        const stop = new AbortController();
        const poll = setInterval(async () => {
          try {
            if (await client.get(cancelKey(id))) stop.abort();
          } catch { /* Redis away: the lock lapses and the job is retried or lost */ }
        }, 250);
        let rows: SweepRow[];
        try {
          rows = await pool.run(task, { signal: stop.signal });
        } finally {
          clearInterval(poll);
        }
        for (const r of rows) r.member += chunk.from;
        log(`chunk ${id} done in ${Math.round(performance.now() - t0)} ms`);
        return encodeRows(rows);
      } catch (err) {
        const reason = failureReason(err);
        log(`chunk ${id} failed: ${reason}`);
        throw new Error(reason);
      }
    },
    {
      connection: { ...connection },
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
      // A chunk whose worker dies is retried; only a chunk that kills worker after worker fails.
      maxStalledCount: 5,
    },
  );
  worker.on("error", (err) => log(`queue: ${err.message.split("\n")[0]}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      pool.close();
      catalog.close();
    },
  };
}

function cancelledError(): HewstonError {
  return new HewstonError("CANCELLED", "task cancelled", { status: 409 });
}
