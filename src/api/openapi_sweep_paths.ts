/**
 * @module
 * The sweep endpoints of the OpenAPI table: submit, list, get, cancel, delete, events, the
 * heatmap, the PBO, the members, and a member's full run on demand.
 */
import { type Endpoint, err } from "./_endpoint.ts";
import { eventsQuery, sweepHeatmapQuery, sweepListQuery, sweepMembersQuery } from "./schemas.ts";

const SWEEP_ID = { id: "sweep id (sw-…)" };
const SSE = { "text/event-stream": { type: "string" } };
const NOT_DONE = err("SWEEP_NOT_DONE: the sweep has no results until it is DONE");

/** Sweep endpoints, in document order. */
export const SWEEP_ENDPOINTS: readonly Endpoint[] = [
  {
    method: "post",
    path: "/sweeps",
    operationId: "submitSweep",
    summary: "Submit a parameter sweep (idempotent: identical inputs or a reused key give the " +
      "same sweep); it runs on the worker pool, sharing it fairly with runs",
    tag: "sweeps",
    headers: {
      "Idempotency-Key": "client key: a reused key answers with the first sweep",
      "X-Idempotency-Key": "alias of Idempotency-Key",
    },
    body: "SweepRequest",
    responses: {
      202: {
        description: "queued",
        schema: "SweepSubmitResponse",
        headers: { Location: "URL of the sweep" },
      },
      200: { description: "an identical sweep exists", schema: "SweepSubmitResponse" },
      404: err("DATASET_NOT_FOUND or STRATEGY_NOT_FOUND"),
      409: err("IDEMPOTENCY_KEY_REUSED"),
    },
  },
  {
    method: "post",
    path: "/sweeps/preview",
    operationId: "previewSweep",
    summary: "What a POST /sweeps body would run (combinations, members, skipped), without " +
      "running it; a bad body fails as POST /sweeps would",
    tag: "sweeps",
    body: "SweepRequest",
    responses: {
      200: { description: "the member count", schema: "SweepPreview" },
      404: err("STRATEGY_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/sweeps",
    operationId: "listSweeps",
    summary: "List sweeps, newest first, with status and progress",
    tag: "sweeps",
    query: sweepListQuery,
    responses: { 200: { description: "a page of sweeps", schema: "SweepList" } },
  },
  {
    method: "get",
    path: "/sweeps/{id}",
    operationId: "getSweep",
    summary: "A sweep: grid, base config, progress, PBO, best member and its DSR, files",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    responses: {
      200: { description: "the sweep", schema: "SweepDetail" },
      404: err("SWEEP_NOT_FOUND"),
    },
  },
  {
    method: "post",
    path: "/sweeps/{id}/cancel",
    operationId: "cancelSweep",
    summary: "Cancel a QUEUED or RUNNING sweep (its chunks stop)",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    responses: {
      200: { description: "the sweep, now CANCELLED", schema: "SweepDetail" },
      404: err("SWEEP_NOT_FOUND"),
      409: err("SWEEP_FINISHED: the sweep already ended"),
    },
  },
  {
    method: "delete",
    path: "/sweeps/{id}",
    operationId: "deleteSweep",
    summary: "Delete a sweep whole (row, events, folder); an active sweep is cancelled first",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    responses: { 204: { description: "deleted" }, 404: err("SWEEP_NOT_FOUND") },
  },
  {
    method: "get",
    path: "/sweeps/{id}/events",
    operationId: "getSweepEvents",
    summary: "The sweep's events so far, as one SSE flush (same route as runs')",
    tag: "events",
    pathParams: SWEEP_ID,
    query: eventsQuery,
    headers: { "Last-Event-ID": "resume after this event id" },
    responses: {
      200: {
        description: "queued, sweep (members and chunks done), artifacts, done/error/cancelled",
        content: SSE,
      },
      304: { description: "no new events (If-None-Match)" },
      404: err("RUN_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/sweeps/{id}/events/stream",
    operationId: "streamSweepEvents",
    summary: "Live sweep events until it ends, with heartbeats (same route as runs')",
    tag: "events",
    pathParams: SWEEP_ID,
    query: eventsQuery,
    headers: { "Last-Event-ID": "resume after this event id" },
    responses: {
      200: { description: "a long-lived event stream ending at the terminal event", content: SSE },
      404: err("RUN_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/sweeps/{id}/heatmap",
    operationId: "getSweepHeatmap",
    summary: "A metric over two grid axes, with the member behind each cell",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    query: sweepHeatmapQuery,
    responses: {
      200: { description: "the heatmap", schema: "SweepHeatmap" },
      404: err("SWEEP_NOT_FOUND"),
      409: NOT_DONE,
    },
  },
  {
    method: "get",
    path: "/sweeps/{id}/pbo",
    operationId: "getSweepPbo",
    summary: "The Probability of Backtest Overfitting, its logits, and what it means",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    responses: {
      200: { description: "pbo.json and one plain-language line", schema: "SweepPbo" },
      404: err("SWEEP_NOT_FOUND"),
      409: NOT_DONE,
    },
  },
  {
    method: "get",
    path: "/sweeps/{id}/members",
    operationId: "getSweepMembers",
    summary: "Every member's parameters and metrics (sweep.parquet as JSON)",
    tag: "sweeps",
    pathParams: SWEEP_ID,
    query: sweepMembersQuery,
    responses: {
      200: { description: "a page of members", schema: "SweepMembers" },
      404: err("SWEEP_NOT_FOUND"),
      409: NOT_DONE,
    },
  },
  {
    method: "post",
    path: "/sweeps/{id}/members/{k}/run",
    operationId: "runSweepMember",
    summary: "Member k's full run, created on demand: the run POST /backtests gives for the " +
      "base config with the member's parameters (asking again answers EXISTS)",
    tag: "sweeps",
    pathParams: { ...SWEEP_ID, k: "member index (0-based, as in heatmap.member)" },
    responses: {
      202: {
        description: "the run is queued",
        schema: "MemberRunResponse",
        headers: { Location: "URL of the run" },
      },
      200: { description: "the run exists", schema: "MemberRunResponse" },
      404: err("SWEEP_NOT_FOUND or MEMBER_NOT_FOUND"),
    },
  },
];
