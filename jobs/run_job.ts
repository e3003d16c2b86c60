/**
 * @module
 * Runs one task in a dedicated Web Worker, so CPU-bound work never blocks the caller's event
 * loop (the CLI's progress display, a dataset build's trades pass). It is a worker pool of one
 * that closes when the task settles: the worker side is `serveTasks` (`pool.ts`).
 */
import { type TaskOptions, WorkerPool } from "./pool.ts";

/**
 * Starts `workerUrl` as a module worker, runs `request` on it, and resolves with the result.
 * @throws {HewstonError} carrying the worker's error code and message, or CANCELLED
 */
export async function runJob<Req, Res>(
  workerUrl: URL,
  request: Req,
  opts: TaskOptions = {},
): Promise<Res> {
  const pool = new WorkerPool(workerUrl, 1);
  try {
    return await pool.run<Req, Res>(request, opts);
  } finally {
    pool.close();
  }
}
