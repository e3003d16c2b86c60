/**
 * @module
 * Run events: one per stage change, progress step, heartbeat or terminal outcome of a job.
 * The store keeps them, services emit them, the API streams them; the type lives here so none
 * of those layers has to import another to name it.
 */

/**
 * Kinds of event. `deleted` is the last event a run ever gets: its rows and folder are gone
 * (a delete or retention), and the catalog-wide stream tells open lists so.
 */
export type EventKind =
  | "stage"
  | "progress"
  | "heartbeat"
  | "done"
  | "error"
  | "cancelled"
  | "deleted";

/** One stored event. */
export interface RunEvent {
  /** Monotonic id (never reused), the SSE `id:` and the `after_id` cursor. */
  id: number;
  /** The run the event belongs to. */
  runId: string;
  /** What happened. */
  kind: EventKind;
  /** The stage the run was in (`load`, `features`, …). */
  stage: string;
  /** Kind-specific payload (progress fraction, error code, …). */
  data: Record<string, unknown>;
  /** ISO-8601 time the event was recorded. */
  createdAt: string;
}
