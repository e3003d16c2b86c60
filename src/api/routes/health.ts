/**
 * @module
 * `GET /healthz` and `/health` (liveness + demo dataset state). STUB for /metrics.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";

/** Health routes. */
export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const health = () => ({
    status: "ok",
    version: deps.state.version,
    uptime_s: Math.round((performance.now() - deps.state.startedAt) / 1000),
    demo: deps.state.demo,
    ...(deps.state.demoError ? { demo_error: deps.state.demoError } : {}),
  });
  app.get("/healthz", (c) => c.json(health()));
  app.get("/health", (c) => c.json(health()));
  return app;
}
