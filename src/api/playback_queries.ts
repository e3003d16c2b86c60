/**
 * @module
 * Query schemas of the playback routes: the series slice, the WebSocket and the SSE stream.
 * Positions are bar indexes or ISO-8601 times; the token is accepted here because browsers
 * cannot send headers on a WebSocket or an EventSource (see `middleware/auth.ts`).
 */
import { z } from "zod";
import { MAX_SPEED, MIN_SPEED } from "../domain/playback.ts";

const position = (what: string) =>
  z.string().min(1).max(40).optional().describe(`${what}: a bar index or an ISO-8601 time`);
const token = z.string().max(500).optional().describe(
  "the server's token, for browsers (which cannot send Authorization here); never logged",
);

/** Query of GET /backtests/{id}/series. */
export const seriesQuery = z.strictObject({
  from: position("first bar (inclusive; default the first)"),
  to: position("last bar (inclusive; default the last)"),
  format: z.enum(["json", "binary"]).optional().describe(
    "json (default) or binary: the same columns as typed arrays behind a JSON header " +
      "(docs/playback.md); `Accept: application/octet-stream` asks for binary too",
  ),
});

/** Query of GET /backtests/{id}/ws. */
export const playbackWsQuery = z.strictObject({ token });

/** Query of GET /backtests/{id}/stream. */
export const playbackStreamQuery = z.strictObject({
  speed: z.coerce.number().min(MIN_SPEED).max(MAX_SPEED).optional().describe(
    "years of bars per hour of playback (default 60: a year in about 60 s)",
  ),
  from: position("bar to start at (default the first)"),
  token,
});
