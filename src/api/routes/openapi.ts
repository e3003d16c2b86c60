/**
 * @module
 * `GET /openapi.json`: the API's OpenAPI 3.1 document, generated from its zod schemas.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";
import { buildOpenApiDocument } from "../openapi.ts";

/** The OpenAPI route, mounted at `/`. */
export function openapiRoutes(_deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get("/openapi.json", (c) => c.json(buildOpenApiDocument()));
  return app;
}
