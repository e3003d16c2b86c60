/**
 * @module
 * Runs one job in a dedicated Web Worker, so CPU-bound work never blocks the caller's event
 * loop (the API server, or the CLI's progress display). The worker inherits the caller's
 * (scoped) permissions.
 */
import { HewstonError } from "../src/domain/errors.ts";
import type { Progress } from "../src/domain/ports.ts";
import type { JobMessage } from "./messages.ts";

/** Options of {@link runJob}. */
export interface RunJobOptions {
  /** Called for every progress message. */
  onProgress?: (p: Progress) => void;
  /** Aborting terminates the worker at once and rejects with code CANCELLED. */
  signal?: AbortSignal;
}

/**
 * Starts `workerUrl` as a module worker, posts `request`, and resolves with its result.
 * @throws {HewstonError} carrying the worker's error code and message
 */
export function runJob<Req, Res>(
  workerUrl: URL,
  request: Req,
  opts: RunJobOptions = {},
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    const worker = new Worker(workerUrl, { type: "module" });
    const finish = () => {
      worker.terminate();
      opts.signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(new HewstonError("CANCELLED", "job cancelled", { status: 409 }));
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = (ev: MessageEvent<JobMessage<Res>>) => {
      const msg = ev.data;
      if (msg.type === "progress") opts.onProgress?.(msg.progress);
      else if (msg.type === "done") {
        finish();
        resolve(msg.result);
      } else {
        finish();
        reject(new HewstonError(msg.error.code, msg.error.message, { status: msg.error.status }));
      }
    };
    worker.onerror = (ev) => {
      ev.preventDefault();
      finish();
      reject(
        new HewstonError("WORKER_CRASHED", `job worker failed: ${ev.message}`, { status: 500 }),
      );
    };
    worker.postMessage(request);
  });
}

/**
 * The worker side: runs `handler` for the first request and posts progress, then the
 * result or the error (as code + one-line message, never a stack).
 */
export function serveJob<Req, Res>(
  handler: (req: Req, progress: (p: Progress) => void) => Promise<Res>,
): void {
  const scope = self as unknown as {
    onmessage: ((ev: MessageEvent<Req>) => void) | null;
    postMessage(msg: JobMessage<Res>): void;
  };
  scope.onmessage = async (ev) => {
    // Progress can come thousands of times a second; post at most ~20 per second.
    let last = -Infinity;
    const progress = (p: Progress) => {
      const now = performance.now();
      if (now - last < 50 && p.stage !== "done") return;
      last = now;
      scope.postMessage({ type: "progress", progress: p });
    };
    try {
      const result = await handler(ev.data, progress);
      scope.postMessage({ type: "done", result });
    } catch (err) {
      const e = err instanceof HewstonError
        ? { code: err.code, message: err.message, status: err.status }
        : {
          code: "INTERNAL",
          message: err instanceof Error ? err.message.split("\n")[0] : String(err),
          status: 500,
        };
      scope.postMessage({ type: "error", error: e });
    }
  };
}
