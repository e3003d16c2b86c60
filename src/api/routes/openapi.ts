/**
 * @module
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, generated from its zod schemas, with
 * `servers` naming the address this server is bound to.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";
import { buildOpenApiDocument } from "../openapi.ts";

/** Hosts a client cannot connect to: a server bound to them is reached by another name. */
const UNSPECIFIED = new Set(["0.0.0.0", "[::]"]);

/** The OpenAPI route, mounted at `/`. */
export function openapiRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/openapi.json", (c) => {
    const bound = deps.state.url;
    const url = bound && !UNSPECIFIED.has(new URL(bound).hostname)
      ? bound
      : new URL(c.req.url).origin;
    return c.json({ ...buildOpenApiDocument(), servers: [{ url }] });
  });
  return app;
}
