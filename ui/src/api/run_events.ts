/**
 * @module
 * A run's live events (`GET /backtests/{id}/events/stream`, SSE) through the browser's
 * EventSource: each stage, progress and terminal event is handed over parsed; the stream is
 * closed after a terminal event (the server ends it too; this stops EventSource reconnecting).
 */
import type { ApiClient } from "./client.ts";
import type { RunEventData } from "./types.ts";

const KINDS = ["stage", "progress", "done", "error", "cancelled"] as const;

/**
 * Opens the event stream of `runId` (a run, or a sweep with `prefix` `/sweeps`); returns the
 * function that closes it.
 */
export function watchRunEvents(
  api: ApiClient,
  runId: string,
  onEvent: (e: RunEventData) => void,
  prefix: "/backtests" | "/sweeps" = "/backtests",
): () => void {
  const es = new EventSource(api.url(`${prefix}/${encodeURIComponent(runId)}/events/stream`));
  const handle = (ev: MessageEvent) => {
    let data: RunEventData;
    try {
      data = JSON.parse(ev.data);
    } catch {
      return;
    }
    onEvent(data);
    if (data.kind === "done" || data.kind === "error" || data.kind === "cancelled") es.close();
  };
  for (const k of KINDS) es.addEventListener(k, handle as EventListener);
  return () => es.close();
}
