/**
 * @module
 * The Hono application: routes, error mapping. This surface is health and datasets;
 * the run API lands on the same app.
 */
import { Hono } from "hono";
import { HewstonError } from "../domain/errors.ts";
import type { Catalog } from "../domain/ports.ts";

/** Live state the health endpoint reports. */
export interface ServerState {
  startedAt: number;
  demo: "absent" | "building" | "ready" | "error";
  demoError?: string;
  version: string;
}

/** Everything the app needs, injected. */
export interface AppDeps {
  catalog: Catalog;
  state: ServerState;
}

/** Builds the Hono app. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const health = () => ({
    status: "ok",
    version: deps.state.version,
    uptime_s: Math.round((performance.now() - deps.state.startedAt) / 1000),
    demo: deps.state.demo,
    ...(deps.state.demoError ? { demo_error: deps.state.demoError } : {}),
  });
  app.get("/healthz", (c) => c.json(health()));
  app.get("/health", (c) => c.json(health()));
  app.get("/datasets", (c) => c.json({ items: deps.catalog.listDatasets().map(datasetJson) }));
  app.get("/datasets/:id", (c) => {
    const d = deps.catalog.getDataset(c.req.param("id"));
    if (!d) {
      throw new HewstonError("DATASET_NOT_FOUND", `dataset ${c.req.param("id")} not found`, {
        status: 404,
      });
    }
    return c.json(datasetJson(d));
  });
  app.notFound((c) =>
    c.json({ error: { code: "NOT_FOUND", message: `no route ${c.req.method} ${c.req.path}` } }, 404)
  );
  app.onError((err, c) => {
    if (err instanceof HewstonError) {
      const body = { code: err.code, message: err.message, details: err.details };
      return c.json({ error: body }, err.status as 400);
    }
    console.error(JSON.stringify({ level: "error", msg: "unhandled", error: String(err) }));
    return c.json({ error: { code: "INTERNAL", message: "internal error" } }, 500);
  });
  return app;
}

function datasetJson(d: ReturnType<Catalog["getDataset"]> & object) {
  return {
    dataset_id: d.datasetId,
    symbol: d.symbol,
    from_date: d.fromDate,
    to_date: d.toDate,
    products: d.products,
    calendar_version: d.calendarVersion,
    tz: d.tz,
    session: d.session,
    source_kind: d.sourceKind,
    bar_count: d.barCount,
    size_bytes: d.sizeBytes,
    status: d.status,
    error: d.error,
    generated_at: d.generatedAt,
    bars_manifest_path: d.barsManifestPath,
  };
}
