/**
 * @module
 * A job's event log over SSE (mounted under `/backtests` and `/runs`):
 * - `GET /{id}/events?after_id=N` — flush: the stored events after N, then the body ends;
 *   a strong `ETag` of (id, newest event id) lets clients poll with `If-None-Match` → 304.
 * - `GET /{id}/events/stream` — long-lived: replays from `Last-Event-ID` (or `after_id`),
 *   then pushes events as they are appended, sends `event: heartbeat` every `heartbeat`
 *   seconds (default 5), and ends after a terminal event (done, error, cancelled).
 *   A resume point past the job's newest event (a client that saw ids of another job, or a
 *   made-up number) counts as the newest event: nothing is replayed, new events follow, and
 *   the stream ends at the terminal event as always; a finished job's stream ends at once.
 *
 * Ids are run ids, sweep ids (`sw-…`) or dataset job ids (`dataset-…`, which have events but
 * no row of their own); every mount point answers for all of them.
 *
 * And the catalog-wide stream (mounted at `/`), {@link catalogEventRoutes}:
 * - `GET /events` — every job's events in id order, for as long as the client stays:
 *   from `Last-Event-ID` (or `after_id`) on, or from now when neither is given; heartbeats
 *   as above; ends only when the server stops. Lists (runs, datasets, sweeps) stay live with
 *   it instead of polling: a new job shows as its first event, a deleted run as `deleted`.
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import { FINISHED_STATUSES } from "../../domain/ports.ts";
import type { RunEvent } from "../../domain/events.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import {
  eventsEtag,
  formatSseEvent,
  ifNoneMatch,
  SSE_CONTENT_TYPE,
  TERMINAL_KINDS,
} from "../sse.ts";
import { sseStream } from "../sse_stream.ts";

/** Options of {@link eventRoutes}. */
export interface EventRouteOptions {
  /**
   * Heartbeat interval of the stream when the request names none, in milliseconds.
   * @default 5000
   */
  heartbeatMs?: number;
}

const PAGE = 500;
const SSE_HEADERS = {
  "Content-Type": SSE_CONTENT_TYPE,
  "Cache-Control": "no-cache",
  // Reverse proxies (nginx) must pass each event through at once.
  "X-Accel-Buffering": "no",
};

/** The event routes, relative to their mount point. */
export function eventRoutes(deps: AppDeps, opts: EventRouteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const defaultHeartbeatMs = opts.heartbeatMs ?? 5000;

  app.get("/:id/events", (c) => {
    const id = jobId(c, deps);
    const afterId = eventId(c.req.query("after_id"), "after_id") ?? 0;
    // One synchronous block: no event can be appended between the tag and the body.
    const etag = eventsEtag(id, deps.events.lastId(id));
    const headers = { ETag: etag, "Cache-Control": "no-cache" };
    if (ifNoneMatch(c.req.header("If-None-Match"), etag)) return c.body(null, 304, headers);
    let text = "";
    for (const e of backlog(deps, id, afterId)) text += formatSseEvent(e);
    return c.body(text, 200, { ...SSE_HEADERS, ...headers });
  });

  app.get("/:id/events/stream", (c) => {
    const id = jobId(c, deps);
    const asked = resumePoint(c) ?? 0;
    // Event ids are global: a resume point past this job's newest would hide every event
    // still to come (its terminal one included) and the stream would never end.
    const start = Math.min(asked, deps.events.lastId(id));
    const body = eventStream(deps, id, start, heartbeatOf(c, defaultHeartbeatMs));
    return c.body(body, 200, SSE_HEADERS);
  });

  return app;
}

/** The catalog-wide event stream, relative to its mount point (`/`). */
export function catalogEventRoutes(deps: AppDeps, opts: EventRouteOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const defaultHeartbeatMs = opts.heartbeatMs ?? 5000;
  app.get("/events", (c) => {
    const asked = resumePoint(c);
    // One read: events appended from here on are after `start`, so none is missed.
    const newest = deps.events.newestId();
    // A resume point past the newest event (another data dir's ids) would hide new events.
    const start = asked === undefined ? newest : Math.min(asked, newest);
    const body = catalogStream(deps, start, heartbeatOf(c, defaultHeartbeatMs));
    return c.body(body, 200, SSE_HEADERS);
  });
  return app;
}

/** The route's job id, checked to exist (a runs row, or events of a dataset job). */
function jobId(c: Context<AppEnv>, deps: AppDeps): string {
  const id = c.req.param("id") ?? "";
  // An active job may have no stored event yet: its first ones can wait for a busy catalog.
  // A deleted run keeps only its `deleted` event (for the catalog-wide stream): not found.
  if (
    !deps.runs.getRun(id) && !isActive(deps, id) && !deps.sweeps.isKnown(id) &&
    (deps.events.latest(id)?.kind ?? "deleted") === "deleted"
  ) {
    throw new NotFoundError("RUN_NOT_FOUND", `run ${id} not found`);
  }
  c.set("runId", id);
  return id;
}

function eventId(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text.trim())) {
    throw new ValidationError(`${name} must be a whole number ≥ 0, got "${text.slice(0, 40)}"`);
  }
  return Number(text.trim());
}

/** Where a stream resumes: `Last-Event-ID` (an EventSource reconnecting), else `after_id`. */
function resumePoint(c: Context<AppEnv>): number | undefined {
  return eventId(c.req.header("Last-Event-ID"), "Last-Event-ID") ??
    eventId(c.req.query("after_id"), "after_id");
}

/** The stream's heartbeat interval in ms: the `heartbeat` query (seconds), else the default. */
function heartbeatOf(c: Context<AppEnv>, defaultMs: number): number {
  const hb = c.req.query("heartbeat");
  return hb === undefined ? defaultMs : heartbeatSeconds(hb) * 1000;
}

function heartbeatSeconds(text: string): number {
  const s = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || s < 0.01 || s > 300) {
    throw new ValidationError(
      `heartbeat must be a number of seconds from 0.01 to 300, got "${text.slice(0, 40)}"`,
    );
  }
  return s;
}

/** Every stored event of `id` after `afterId`, read page by page. */
function* backlog(deps: AppDeps, id: string, afterId: number): Generator<RunEvent> {
  let last = afterId;
  while (true) {
    const page = deps.events.after(id, last, PAGE);
    yield* page;
    if (page.length < PAGE) return;
    last = page[page.length - 1].id;
  }
}

/**
 * Whether nothing more will be appended for `id`: its newest event is terminal, or its run
 * is finished and no longer active (e.g. a run made by the CLI, which records no events).
 */
function isOver(deps: AppDeps, id: string): boolean {
  const latest = deps.events.latest(id);
  if (latest && TERMINAL_KINDS.has(latest.kind)) return true;
  if (isActive(deps, id)) return false;
  // A dataset job no worker runs will write nothing more (recovery gives it a terminal event).
  const job = deps.runs.getRun(id) ?? deps.sweeps.find(id);
  return job === null || FINISHED_STATUSES.has(job.status);
}

/** Whether a run, dataset build or sweep `id` is queued or running in this process. */
function isActive(deps: AppDeps, id: string): boolean {
  return deps.service.isActive(id) || deps.sweeps.isActive(id);
}

function eventStream(
  deps: AppDeps,
  id: string,
  start: number,
  heartbeatMs: number,
): ReadableStream<Uint8Array> {
  let last = start;
  return sseStream({
    heartbeatMs,
    signal: deps.service.stopSignal,
    start(feed) {
      const send = (e: RunEvent) => {
        if (feed.closed) return;
        // Ids only grow: anything at or below `last` was already sent (backlog/push overlap).
        if (e.id <= last) return TERMINAL_KINDS.has(e.kind) ? feed.close() : undefined;
        last = e.id;
        feed.write(formatSseEvent(e));
        if (TERMINAL_KINDS.has(e.kind)) feed.close();
      };
      // Subscribe before reading the backlog, so no event falls between the two.
      const unsubscribe = deps.service.subscribe(id, send);
      for (const e of backlog(deps, id, start)) {
        send(e);
        if (feed.closed) return unsubscribe;
      }
      if (isOver(deps, id)) feed.close();
      return unsubscribe;
    },
  });
}

/**
 * Every job's events after `start`, read from the catalog (ids only grow, so a read from the
 * last sent id misses and repeats nothing): on each append in this process, and on each
 * heartbeat (what another process wrote).
 */
function catalogStream(
  deps: AppDeps,
  start: number,
  heartbeatMs: number,
): ReadableStream<Uint8Array> {
  let last = start;
  let pump = () => {};
  return sseStream({
    heartbeatMs,
    signal: deps.service.stopSignal,
    start(feed) {
      pump = () => {
        if (feed.closed) return;
        try {
          while (true) {
            const page = deps.events.afterAll(last, PAGE);
            let text = "";
            for (const e of page) text += formatSseEvent(e);
            if (page.length > 0) {
              last = page[page.length - 1].id;
              feed.write(text);
            }
            if (page.length < PAGE || feed.closed) return;
          }
        } catch (err) {
          // A busy or closed catalog: the next append or heartbeat reads again from `last`.
          deps.log("warn", "catalog event stream read failed", { error: String(err) });
        }
      };
      // A stopped server sends nothing: it has no catalog left to read.
      if (deps.service.stopSignal.aborted) return feed.close();
      const unsubscribe = deps.events.onAppend(pump);
      pump();
      return unsubscribe;
    },
    beforeHeartbeat: () => pump(),
  });
}
