/**
 * @module
 * The playback endpoints of the OpenAPI table (each also served under `/runs`): the columnar
 * series, the SSE fallback stream and the WebSocket (described as its upgrade request; the
 * messages are the `PlaybackServerMessage` / `PlaybackClientMessage` components and
 * `docs/playback.md`).
 */
import { type Endpoint, err } from "./_endpoint.ts";
import { playbackStreamQuery, playbackWsQuery, seriesQuery } from "./playback_queries.ts";

const RUN_ID = { id: "run id (the run_hash) of a DONE run" };
const MESSAGES = { $ref: "#/components/schemas/PlaybackServerMessage" };

/** Playback endpoints, in document order. */
export const PLAYBACK_ENDPOINTS: readonly Endpoint[] = [
  {
    method: "get",
    path: "/backtests/{id}/series",
    operationId: "getBacktestSeries",
    summary: "Bars, equity curve and fills over a bar range, as columns: JSON or binary " +
      "(gzip, ETag, immutable)",
    tag: "playback",
    runAlias: true,
    pathParams: RUN_ID,
    query: seriesQuery,
    headers: {
      Accept: "application/octet-stream asks for the binary form (as format=binary)",
      "Accept-Encoding": "gzip compresses the body (level 1)",
      "If-None-Match": "a previous ETag: 304 when unchanged (a DONE run never changes)",
    },
    responses: {
      200: {
        description: "the series: JSON (the Series schema), or with format=binary the same " +
          'columns as little-endian typed arrays: "HSER", a u32 header length, a JSON header ' +
          "naming each column's type (f64, i32, i8), byte offset (a multiple of 8) and length, " +
          "then the columns (docs/playback.md)",
        schema: "Series",
        content: {
          "application/octet-stream": {
            type: "string",
            contentMediaType: "application/octet-stream",
          },
        },
        headers: { ETag: "strong tag of run, range, form and encoding" },
      },
      304: { description: "not modified" },
      400: err("RANGE: an index outside the run, or neither an index nor an ISO time"),
      404: err("RUN_NOT_FOUND or ARTIFACTS_NOT_FOUND"),
      409: err("RUN_NOT_DONE"),
    },
  },
  {
    method: "get",
    path: "/backtests/{id}/stream",
    operationId: "streamBacktestPlayback",
    summary: "Playback over SSE (fallback of /ws): hello, frame (id = next bar), hb, end",
    tag: "playback",
    runAlias: true,
    pathParams: RUN_ID,
    query: playbackStreamQuery,
    headers: { "Last-Event-ID": "resume at this bar index (a frame's id)" },
    responses: {
      200: {
        description: "`event: <t>` + `data: <message JSON>` per message; ends after `end`",
        content: { "text/event-stream": { type: "string", contentSchema: MESSAGES } },
      },
      204: { description: "resumed after the last bar: nothing left to play" },
      400: err("RANGE or BAD_MESSAGE: a `from` outside the run or unreadable"),
      404: err("RUN_NOT_FOUND or ARTIFACTS_NOT_FOUND"),
      409: err("RUN_NOT_DONE"),
    },
  },
  {
    method: "get",
    path: "/backtests/{id}/ws",
    operationId: "playBacktest",
    summary: "Playback WebSocket: ctrl in (play, pause, seek, speed, step); hello, state, " +
      "frame, hb, end, err out (docs/playback.md)",
    tag: "playback",
    runAlias: true,
    pathParams: RUN_ID,
    query: playbackWsQuery,
    headers: {
      Upgrade: "websocket",
      "Sec-WebSocket-Protocol": "hewston.v1 (echoed), and bearer.<token> for auth",
    },
    responses: {
      101: {
        description: "switching to the WebSocket protocol; an unknown or unfinished run is " +
          "then reported in-band: err RUN_NOT_FOUND / RUN_NOT_DONE and close 4404 / 4409",
      },
      404: err("RUN_NOT_FOUND (a request without Upgrade)"),
      409: err("RUN_NOT_DONE (a request without Upgrade)"),
      426: err("UPGRADE_REQUIRED: not a WebSocket request"),
    },
  },
];
