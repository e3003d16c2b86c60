/**
 * @module
 * The Hono application: middleware, route modules, and the one error mapping. Route modules
 * define paths relative to their mount point; the run routes are mounted at `/backtests`
 * and again at `/runs` (the second seed's clients).
 */
import { Hono } from "hono";
import { HewstonError } from "../domain/errors.ts";
import { CATALOG_RETRY_AFTER_S, CatalogBusyError, isCatalogBusy } from "../store/catalog_busy.ts";
import type { AppDeps, AppEnv } from "./deps.ts";
import { errorDetails } from "./error_details.ts";
import { authMiddleware } from "./middleware/auth.ts";
import { corsMiddleware } from "./middleware/cors.ts";
import { requestContext } from "./middleware/request_context.ts";
import { requestGuard } from "./middleware/request_guard.ts";
import { pathScrubber } from "./scrub_paths.ts";
import { artifactRoutes } from "./routes/artifacts.ts";
import { backtestRoutes } from "./routes/backtests.ts";
import { datasetRoutes } from "./routes/datasets.ts";
import { catalogEventRoutes, eventRoutes } from "./routes/events.ts";
import { healthRoutes } from "./routes/health.ts";
import { marketRoutes } from "./routes/market.ts";
import { openapiRoutes } from "./routes/openapi.ts";
import { presetRoutes } from "./routes/presets.ts";
import { sweepRoutes } from "./routes/sweeps.ts";
import { playbackSeriesRoutes } from "./routes/playback_series.ts";
import { playbackSseRoutes } from "./routes/playback_sse.ts";
import { playbackWsRoutes } from "./routes/playback_ws.ts";
import { PlaybackService } from "../services/playback/playback_service.ts";
import { uiRoutes } from "./routes/ui.ts";

/** Builds the Hono app over injected dependencies. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Request context only counts (bounded labels) and logs; CORS preflights, auth and the
  // Host/Origin/Content-Type guard refuse hostile requests before any route reads a body or
  // touches the catalog.
  app.use("*", requestContext(deps));
  app.use("*", corsMiddleware(deps));
  app.use("*", authMiddleware(deps));
  app.use("*", requestGuard(deps));
  app.route("/", healthRoutes(deps));
  app.route("/", openapiRoutes(deps));
  // Playback sessions end with the service (server shutdown closes every socket).
  deps.playback ??= new PlaybackService({
    dir: deps.dir,
    catalog: deps.catalog,
    runs: deps.runs,
    stopSignal: deps.service.stopSignal,
    counters: deps.http,
  });
  for (const prefix of ["/backtests", "/runs"]) {
    app.route(prefix, backtestRoutes(deps));
    app.route(prefix, artifactRoutes(deps));
    app.route(prefix, eventRoutes(deps));
    app.route(prefix, playbackSeriesRoutes(deps.playback));
    app.route(prefix, playbackWsRoutes(deps.playback, deps.http));
    app.route(prefix, playbackSseRoutes(deps.playback, deps.http));
  }
  app.route("/", catalogEventRoutes(deps));
  app.route("/sweeps", sweepRoutes(deps));
  app.route("/sweeps", eventRoutes(deps));
  app.route("/datasets", datasetRoutes(deps));
  app.route("/presets", presetRoutes(deps));
  app.route("/", marketRoutes(deps));
  app.route("/", uiRoutes(deps));
  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } }, 404)
  );
  const scrub = pathScrubber(deps.dir.root);
  app.onError((err, c) => {
    if (isCatalogBusy(err)) {
      // Another process holds the catalog's write lock: nothing was written, try again.
      const busy = err instanceof CatalogBusyError ? err : new CatalogBusyError(err);
      c.header("Retry-After", String(CATALOG_RETRY_AFTER_S));
      return c.json(
        { error: { code: busy.code, message: busy.message, details: busy.details } },
        503,
      );
    }
    if (err instanceof HewstonError) {
      const body: Record<string, unknown> = { code: err.code, message: scrub(err.message) };
      const details = errorDetails(
        err.details === undefined ? undefined : JSON.parse(scrub(JSON.stringify(err.details))),
      );
      if (details !== undefined) body.details = details;
      return c.json({ error: body }, err.status as 400);
    }
    deps.log("error", "unhandled error", {
      request_id: c.get("requestId"),
      error: err instanceof Error ? err.message : String(err),
    });
    return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
  });
  return app;
}
