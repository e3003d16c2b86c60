/**
 * @module
 * `hewston worker` action: serve sweep chunks from the queue until SIGINT/SIGTERM.
 */
import { startQueueWorker } from "../../jobs/bullmq/worker_main.ts";
import { redact } from "../../jobs/bullmq/queue_runner.ts";
import { codeVersion } from "../store/code_version.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import type { WorkerOptions } from "./worker_command.ts";

/** Runs `hewston worker` with parsed options; returns 0 once stopped by a signal. */
export async function workerAction(o: WorkerOptions): Promise<number> {
  const dir = resolveDataDir(o.dataDir);
  await ensureDataDir(dir);
  const log = (line: string) => console.error(`worker: ${line}`);
  const worker = await startQueueWorker({ url: o.queue, dir, lockMs: o.lockMs, log });
  const { codeHash } = await codeVersion();
  log(`ready on ${redact(o.queue)} (code ${codeHash.slice(0, 12)}…, data ${dir.root})`);
  const stopped = Promise.withResolvers<void>();
  const stop = () => stopped.resolve();
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  try {
    await stopped.promise;
    log("stopping (the current chunk finishes)");
    await worker.close();
    log("stopped");
    return 0;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
    Deno.removeSignalListener("SIGTERM", stop);
  }
}
