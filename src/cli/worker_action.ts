/**
 * @module
 * `hewston worker` action: serve sweep chunks from the queue until SIGINT/SIGTERM, fetching
 * bars it lacks from `--server` with the token of `--token-file` (or `HEWSTON_TOKEN`).
 */
import { startQueueWorker } from "../../jobs/bullmq/worker_main.ts";
import type { BarsServer } from "../../jobs/bullmq/bars_fetch.ts";
import { redact } from "../../jobs/bullmq/wire.ts";
import { loadConfig } from "../config.ts";
import { ValidationError } from "../domain/errors.ts";
import { codeVersion } from "../store/code_version.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { UsageError } from "./args.ts";
import { queueUrl } from "./queue_option.ts";
import type { WorkerOptions } from "./worker_command.ts";

/** Runs `hewston worker` with parsed options; returns 0 once stopped by a signal. */
export async function workerAction(o: WorkerOptions): Promise<number> {
  const config = loadConfig({ dataDir: o.dataDir });
  const dir = resolveDataDir(config.dataDir);
  await ensureDataDir(dir);
  const server = o.server ? await barsServer(o.server, o.tokenFile, config.token) : undefined;
  const log = (line: string) => console.error(`worker: ${line}`);
  const url = await queueUrl(o.queue, config.queue);
  if (!url) {
    throw new UsageError(
      "hewston worker needs the queue: --queue-file FILE, HEWSTON_QUEUE or --queue URL",
    );
  }
  const worker = await startQueueWorker({ url, dir, server, lockMs: o.lockMs, log });
  const { codeHash } = await codeVersion();
  log(
    `ready on ${redact(url)} (code ${codeHash.slice(0, 12)}…, data ${dir.root}` +
      `${server ? `, bars from ${server.url}` : ""})`,
  );
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

/**
 * The server to fetch bars from: its origin, and the token from `tokenFile` (first line,
 * trimmed), else `HEWSTON_TOKEN`.
 * @throws {ValidationError} for a URL that is not http(s) or an unreadable / empty token file
 */
async function barsServer(
  url: string,
  tokenFile: string | undefined,
  envToken: string | undefined,
): Promise<BarsServer> {
  let origin: string;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
    origin = u.origin;
  } catch {
    throw new ValidationError(`--server must be http(s)://HOST:PORT, got "${url}"`);
  }
  let token = envToken;
  if (tokenFile !== undefined) {
    try {
      token = (await Deno.readTextFile(tokenFile)).split("\n")[0].trim();
    } catch (err) {
      throw new ValidationError(
        `--token-file ${tokenFile}: ${err instanceof Error ? err.message.split("\n")[0] : err}`,
      );
    }
    if (!token) throw new ValidationError(`--token-file ${tokenFile} is empty`);
  }
  return { url: origin, ...(token ? { token } : {}) };
}
