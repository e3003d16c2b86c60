/**
 * @module
 * The worker behind `off_loop.ts`: one request per worker, then it is terminated.
 * `load` reads and decodes a run's replay files (Parquet) and sends the columns back
 * transferred; `series` encodes a bar range as a series body (JSON or binary, gzip level 1
 * or not). Errors travel as `{code, message, status}`.
 */
import { HewstonError } from "../../domain/errors.ts";
import { loadReplayFiles, type ReplayInput, type RunReplayData } from "./run_replay_data.ts";
import { encodeSeriesBody, type SeriesEncoding, type SeriesFormat } from "./series.ts";

/** A request to the worker. */
export type OffLoopRequest =
  | { op: "load"; input: ReplayInput }
  | {
    op: "series";
    data: RunReplayData;
    from: number;
    to: number;
    format: SeriesFormat;
    encoding: SeriesEncoding;
  };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<OffLoopRequest>) => void) | null;
  postMessage(msg: unknown, transfer?: Transferable[]): void;
};

scope.onmessage = async (e) => {
  try {
    if (e.data.op === "series") {
      const { data, from, to, format, encoding } = e.data;
      const out = encodeSeriesBody(data, from, to, format, encoding);
      scope.postMessage({ ok: out }, [out.buffer]);
      return;
    }
    const d = await loadReplayFiles(e.data.input);
    // Each column's buffer once (several columns may share one).
    const buffers = new Set<ArrayBuffer>();
    for (const v of [...Object.values(d), ...Object.values(d.fills)]) {
      if (ArrayBuffer.isView(v)) buffers.add(v.buffer as ArrayBuffer);
    }
    scope.postMessage({ ok: d }, [...buffers]);
  } catch (err) {
    const h = err instanceof HewstonError;
    scope.postMessage({
      error: {
        code: h ? err.code : "INTERNAL",
        message: err instanceof Error ? err.message : String(err),
        status: h ? err.status : 500,
      },
    });
  }
};
