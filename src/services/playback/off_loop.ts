/**
 * @module
 * The playback service's CPU-heavy steps, off the server's event loop: decoding a run's
 * replay files (Parquet, hundreds of ms for a symbol-year) and encoding large series bodies
 * (JSON text, and gzip: Deno's node:zlib and CompressionStream both run on the calling
 * thread). Each call
 * gets its own short-lived worker, so nothing outlives the request that needed it; the
 * results are cached by the caller (the replay cache, the series bodies).
 */
import { HewstonError } from "../../domain/errors.ts";
import type { ReplayInput, RunReplayData } from "./run_replay_data.ts";
import type { OffLoopRequest } from "./replay_worker.ts";
import type { SeriesEncoding, SeriesFormat } from "./series.ts";

/** The heavy steps, wherever they run. */
export interface OffLoop {
  /** Reads and decodes a run's replay files. */
  load(input: ReplayInput): Promise<RunReplayData>;
  /** The series body of bars `[from, to]` (see `encodeSeriesBody`). */
  series(
    data: RunReplayData,
    from: number,
    to: number,
    format: SeriesFormat,
    encoding: SeriesEncoding,
  ): Promise<Uint8Array<ArrayBuffer>>;
}

const WORKER = new URL("./replay_worker.ts", import.meta.url);

function call<T>(req: OffLoopRequest, transfer: Transferable[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(WORKER, { type: "module" });
    const done = () => w.terminate();
    w.onmessage = (
      e: MessageEvent<{ ok?: T; error?: { code: string; message: string; status: number } }>,
    ) => {
      done();
      const { ok, error } = e.data;
      if (error) reject(new HewstonError(error.code, error.message, { status: error.status }));
      else resolve(ok as T);
    };
    w.onerror = (e) => {
      e.preventDefault();
      done();
      reject(new Error(`playback worker failed: ${e.message}`));
    };
    w.postMessage(req, transfer);
  });
}

/** The heavy steps in short-lived workers. */
export const workerOffLoop: OffLoop = {
  load: (input) => call<RunReplayData>({ op: "load", input }),
  // The data stays cached here: the worker gets a copy (a few ms for a symbol-year).
  series: (data, from, to, format, encoding) =>
    call<Uint8Array<ArrayBuffer>>({ op: "series", data, from, to, format, encoding }),
};
