/**
 * @module
 * The run endpoints of the OpenAPI table: submit, list, get, cancel, delete, events and
 * artifacts (each also served under `/runs`).
 */
import { type Endpoint, err } from "./_endpoint.ts";
import { artifactQuery, catalogEventsQuery, eventsQuery, runListQuery } from "./schemas.ts";

const RUN_ID = { id: "run id (the run_hash), or a dataset job id for events" };
const SSE = { "text/event-stream": { type: "string" } };
const BINARY = { type: "string", contentMediaType: "application/octet-stream" };

/** Run, event and artifact endpoints, in document order. */
export const RUN_ENDPOINTS: readonly Endpoint[] = [
  {
    method: "post",
    path: "/backtests",
    operationId: "submitBacktest",
    summary: "Submit a run (idempotent: identical inputs or a reused key give the same run)",
    tag: "runs",
    runAlias: true,
    headers: {
      "Idempotency-Key": "client key: a reused key answers with the first run",
      "X-Idempotency-Key": "alias of Idempotency-Key",
    },
    body: "BacktestRequest",
    responses: {
      202: {
        description: "queued",
        schema: "SubmitResponse",
        headers: { Location: "URL of the run" },
      },
      200: { description: "an identical run exists", schema: "SubmitResponse" },
      404: err("DATASET_NOT_FOUND (with how to get data) or STRATEGY_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/backtests",
    operationId: "listBacktests",
    summary: "List runs with filters, order and paging",
    tag: "runs",
    runAlias: true,
    query: runListQuery,
    responses: { 200: { description: "a page of runs", schema: "RunList" } },
  },
  {
    method: "get",
    path: "/backtests/{id}",
    operationId: "getBacktest",
    summary: "A run: config, metrics, manifest hash/chain, artifact URLs",
    tag: "runs",
    runAlias: true,
    pathParams: RUN_ID,
    responses: { 200: { description: "the run", schema: "RunDetail" }, 404: err("RUN_NOT_FOUND") },
  },
  {
    method: "post",
    path: "/backtests/{id}/cancel",
    operationId: "cancelBacktest",
    summary: "Cancel a QUEUED or RUNNING run",
    tag: "runs",
    runAlias: true,
    pathParams: RUN_ID,
    responses: {
      200: { description: "the run, now CANCELLED", schema: "RunDetail" },
      404: err("RUN_NOT_FOUND"),
      409: err("RUN_FINISHED: the run already ended"),
    },
  },
  {
    method: "delete",
    path: "/backtests/{id}",
    operationId: "deleteBacktest",
    summary: "Delete a run whole (rows, events, folder); an active run is cancelled first",
    tag: "runs",
    runAlias: true,
    pathParams: RUN_ID,
    responses: { 204: { description: "deleted" }, 404: err("RUN_NOT_FOUND") },
  },
  {
    method: "get",
    path: "/backtests/{id}/events",
    operationId: "getBacktestEvents",
    summary: "The events so far, as one SSE flush (ETag, after_id)",
    tag: "events",
    runAlias: true,
    pathParams: RUN_ID,
    query: eventsQuery,
    headers: { "Last-Event-ID": "resume after this event id" },
    responses: {
      200: { description: "stage/progress/done/error/cancelled events", content: SSE },
      304: { description: "no new events (If-None-Match)" },
      404: err("RUN_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/backtests/{id}/events/stream",
    operationId: "streamBacktestEvents",
    summary: "Live events until the job ends, with heartbeats",
    tag: "events",
    runAlias: true,
    pathParams: RUN_ID,
    query: eventsQuery,
    headers: {
      "Last-Event-ID": "resume after this event id; an id past the job's newest event counts " +
        "as the newest (nothing replayed, new events follow, the stream still ends)",
    },
    responses: {
      200: {
        description: "a long-lived event stream; it ends after the job's terminal event " +
          "(done, error, cancelled), at once for a finished job",
        content: SSE,
      },
      404: err("RUN_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/events",
    operationId: "streamCatalogEvents",
    summary: "Every run's and dataset job's events, live (lists stay current without polling)",
    tag: "events",
    query: catalogEventsQuery,
    headers: {
      "Last-Event-ID": "resume after this event id (EventSource sends it on reconnect); an id " +
        "past the newest event counts as the newest",
    },
    responses: {
      200: {
        description: "a long-lived event stream of every job, in id order: the same frames " +
          "as a job's stream (a new job shows as its first `stage` event), plus `deleted` " +
          "when a run is removed (a delete or retention), and heartbeats; it ends only when " +
          "the server stops",
        content: SSE,
      },
      422: err("VALIDATION_ERROR: a bad after_id, Last-Event-ID or heartbeat"),
    },
  },
  {
    method: "get",
    path: "/backtests/{id}/artifacts",
    operationId: "getBacktestArtifacts",
    summary: "The run's manifest.json with a URL per file",
    tag: "artifacts",
    runAlias: true,
    pathParams: RUN_ID,
    responses: {
      200: { description: "the manifest", schema: "ArtifactManifest" },
      404: err("RUN_NOT_FOUND or ARTIFACTS_NOT_FOUND"),
      409: err("RUN_NOT_DONE"),
    },
  },
  ...["artifacts", "artifact"].map((seg): Endpoint => ({
    method: "get",
    path: `/backtests/{id}/${seg}/{name}`,
    operationId: seg === "artifacts" ? "getBacktestArtifact" : "getBacktestArtifactAlias",
    summary: seg === "artifacts"
      ? "One artifact file, or a Parquet file's rows as JSON (format=json)"
      : "Alias of /artifacts/{name} (second seed)",
    tag: "artifacts",
    runAlias: true,
    pathParams: { ...RUN_ID, name: "a file name listed in the manifest, or manifest.json" },
    query: artifactQuery,
    headers: { "If-None-Match": "the file's quoted sha256 (its ETag)" },
    responses: {
      200: {
        description: "the file (ETag = sha256), or a JSON page with format=json",
        content: {
          "application/vnd.apache.parquet": BINARY,
          // A Parquet file's page, or a JSON artifact as it is: both are objects, so anyOf.
          "application/json": {
            anyOf: [{ $ref: "#/components/schemas/ParquetPage" }, { type: "object" }],
          },
        },
      },
      304: { description: "not modified" },
      400: err("INVALID_ARTIFACT_NAME or UNSUPPORTED_FORMAT"),
      404: err("RUN_NOT_FOUND, ARTIFACTS_NOT_FOUND or ARTIFACT_NOT_FOUND"),
      409: err("RUN_NOT_DONE"),
    },
  })),
];
