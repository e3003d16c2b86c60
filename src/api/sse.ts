/**
 * @module
 * Server-sent events wire text for run and dataset-job events: one stored event becomes
 * `id:` / `event:` / `data:` lines and a blank line; heartbeats carry no id, so a client's
 * `Last-Event-ID` always names a stored event. Also the events' strong ETag and the
 * `If-None-Match` check of the flush endpoint.
 */
import { sha256Hex } from "../domain/hash.ts";
import type { EventKind, RunEvent } from "../domain/events.ts";

/** Content-Type of every SSE body. */
export const SSE_CONTENT_TYPE = "text/event-stream; charset=utf-8";

/** Event kinds after which a job sends nothing more. */
export const TERMINAL_KINDS: ReadonlySet<EventKind> = new Set([
  "done",
  "error",
  "cancelled",
  "deleted",
]);

/**
 * The JSON payload of an event: `{run_id, event_id, kind, stage, ts, ...data}`. Fields of
 * `data` never override the envelope (a worker cannot forge another run's id).
 */
export function eventPayload(e: RunEvent): Record<string, unknown> {
  const out: Record<string, unknown> = {
    run_id: e.runId,
    event_id: e.id,
    kind: e.kind,
    stage: e.stage,
    ts: e.createdAt,
  };
  for (const [k, v] of Object.entries(e.data)) if (!(k in out)) out[k] = v;
  return out;
}

/**
 * One stored event as SSE text.
 * @example
 * ```ts
 * formatSseEvent({ id: 7, runId: "r1", kind: "stage", stage: "load", data: {}, createdAt: "t" });
 * // 'id: 7\nevent: stage\ndata: {"run_id":"r1","event_id":7,"kind":"stage","stage":"load","ts":"t"}\n\n'
 * ```
 */
export function formatSseEvent(e: RunEvent): string {
  // JSON.stringify never emits a raw newline, so the payload is always one `data:` line.
  return `id: ${e.id}\nevent: ${e.kind}\ndata: ${JSON.stringify(eventPayload(e))}\n\n`;
}

/** A heartbeat as SSE text: `event: heartbeat` with `{"ts": ...}` and no id. */
export function formatSseHeartbeat(ts: string): string {
  return `event: heartbeat\ndata: ${JSON.stringify({ ts })}\n\n`;
}

/** Strong ETag of a job's event log up to `lastId` (ids are never reused, so it is exact). */
export function eventsEtag(runId: string, lastId: number): string {
  return `"ev-${sha256Hex(`${runId}\n${lastId}`).slice(0, 32)}"`;
}

/**
 * Whether an `If-None-Match` header matches `etag` (weak comparison, as RFC 9110 §13.1.2
 * asks for this header; `*` matches anything).
 */
export function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  const want = bare(etag);
  return header.split(",").some((t) => t.trim() === "*" || bare(t) === want);
}
