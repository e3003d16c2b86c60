/**
 * @module
 * `GET /{id}/series?from=&to=&format=` (under `/backtests` and `/runs`): a DONE run's bars,
 * equity curve and fills over an inclusive bar range as columnar JSON (`seriesResponse`) or,
 * with `format=binary` or `Accept: application/octet-stream`, as the binary columns of
 * `domain/series_binary.ts`; gzip when the client accepts it. A DONE run never changes, so
 * the answer carries a strong ETag and an immutable cache lifetime; `If-None-Match` gives 304.
 */
import { Hono } from "hono";
import type { PlaybackService } from "../../services/playback/playback_service.ts";
import { acceptsCoding } from "../accept_encoding.ts";
import type { AppEnv } from "../deps.ts";
import { parseQuery } from "../_http.ts";
import { seriesQuery } from "../playback_queries.ts";
import { ifNoneMatch } from "../sse.ts";
import { SERIES_BINARY_TYPE } from "../../domain/series_binary.ts";

/** The series route (relative to the run mount point). */
export function playbackSeriesRoutes(playback: PlaybackService): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/:id/series", async (c) => {
    const id = c.req.param("id");
    c.set("runId", id);
    const q = parseQuery(c, seriesQuery);
    const format = q.format ??
      ((c.req.header("Accept") ?? "").includes(SERIES_BINARY_TYPE) ? "binary" : "json");
    const s = await playback.series(
      id,
      q.from,
      q.to,
      // Brotli is not offered: at a useful quality it costs seconds of the event loop on a
      // symbol-year (gzip level 1: ~0.1 s).
      acceptsCoding(c.req.header("Accept-Encoding"))("gzip") ? "gzip" : "identity",
      format,
    );
    const headers: Record<string, string> = {
      ETag: s.etag,
      "Cache-Control": "private, max-age=31536000, immutable",
      Vary: "Accept, Accept-Encoding",
    };
    if (ifNoneMatch(c.req.header("If-None-Match"), s.etag)) return c.body(null, 304, headers);
    if (s.encoding !== "identity") headers["Content-Encoding"] = s.encoding;
    headers["Content-Type"] = format === "binary" ? SERIES_BINARY_TYPE : "application/json";
    return c.body(s.body, 200, headers);
  });
  return app;
}
