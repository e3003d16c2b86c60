/**
 * @module
 * CORS for the UI: the served origin itself, local dev servers (`http://localhost:*`,
 * `http://127.0.0.1:*`, `http://[::1]:*`) and the origins in `deps.corsOrigins` get CORS
 * headers; any other origin gets none (the browser then blocks the response). Preflights
 * are answered here, before auth (browsers send them without credentials): 204 for an
 * allowed origin, 403 CORS_ORIGIN_DENIED otherwise.
 */
import type { MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";

const LOCAL_DEV = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/;
const ALLOW_METHODS = "GET, HEAD, POST, DELETE, OPTIONS";
const ALLOW_HEADERS = [
  "Authorization",
  "Content-Type",
  "Idempotency-Key",
  "X-Idempotency-Key",
  "X-Request-Id",
  "Last-Event-ID",
  "If-None-Match",
].join(", ");
const EXPOSE_HEADERS = "X-Request-Id, ETag, Location, Retry-After";

function normalize(origin: string): string {
  return origin.trim().replace(/\/+$/, "").toLowerCase();
}

/**
 * Whether `origin` may read responses: the request's own origin (`self`), a local dev
 * server, or one of `extra`.
 */
export function originAllowed(origin: string, self: string, extra: readonly string[]): boolean {
  const o = normalize(origin);
  return o === normalize(self) || LOCAL_DEV.test(o) || extra.some((e) => normalize(e) === o);
}

/** Adds CORS headers for allowed origins and answers preflights. */
export function corsMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const extra = deps.corsOrigins ?? [];
  return async function corsMiddleware(c, next) {
    const origin = c.req.header("Origin");
    if (origin === undefined) return await next();
    const allowed = originAllowed(origin, new URL(c.req.url).origin, extra);
    const preflight = c.req.method === "OPTIONS" &&
      c.req.header("Access-Control-Request-Method") !== undefined;
    if (preflight) {
      const vary = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
      if (!allowed) {
        return c.json(
          { error: { code: "CORS_ORIGIN_DENIED", message: `origin ${origin} is not allowed` } },
          403,
          { Vary: vary },
        );
      }
      return c.body(null, 204, {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": ALLOW_METHODS,
        "Access-Control-Allow-Headers": ALLOW_HEADERS,
        "Access-Control-Max-Age": "600",
        Vary: vary,
      });
    }
    await next();
    // A WebSocket upgrade (101) must go out as Deno made it; browsers apply no CORS to it.
    if (c.res.status === 101) return;
    // The answer depends on Origin whether or not it was allowed: shared caches must know.
    c.header("Vary", "Origin", { append: true });
    if (!allowed) return;
    c.header("Access-Control-Allow-Origin", origin);
    c.header("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  };
}
