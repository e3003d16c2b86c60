/**
 * @module
 * The outermost middleware: gives every request an id (a sane incoming `X-Request-Id`, else
 * a fresh UUID), echoes it in the response, measures the latency, counts the request in
 * `deps.http` by method, route pattern and status, and logs one JSON line per request.
 * Headers are never logged (no Authorization, no token), nor the query string.
 *
 * Every metric label comes from a bounded set, whatever a client sends: methods outside the
 * standard ones count as `OTHER`, routes are the matched patterns (`unmatched` for the
 * rest), and the logged method and path are cut to a bounded length. Twenty thousand
 * requests with made-up methods and paths add no series to `/metrics`.
 *
 * For a streamed response (SSE) the latency is the time to the response head, not the
 * stream's lifetime.
 */
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { AppDeps, AppEnv, HttpMetrics } from "../deps.ts";

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const RUN_PATH = /^\/(?:backtests|runs)\/([A-Za-z0-9._-]{1,128})(?:\/|$)/;
const SANE_KEY = /^[\x21-\x7e]{1,200}$/;
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);
const MAX_LOGGED_PATH = 256;

/** The method as a metric label: a standard method, else `OTHER`. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : "OTHER";
}

/**
 * Counts one request in `http`: by `METHOD route status`, and its latency in the histogram
 * (`counts[i]` holds the requests in bucket i only, not cumulative; slower than the last
 * bound they count in `total` alone).
 */
export function observeRequest(
  http: HttpMetrics,
  method: string,
  route: string,
  status: number,
  seconds: number,
): void {
  const key = `${method} ${route} ${status}`;
  http.requests.set(key, (http.requests.get(key) ?? 0) + 1);
  const i = http.buckets.findIndex((b) => seconds <= b);
  if (i >= 0) http.counts[i]++;
  http.sum += seconds;
  http.total++;
}

/** The route pattern that answered (`/backtests/:id/events`), never the raw path. */
export function routeLabel(c: Context, status: number): string {
  const path = routePath(c);
  // Only middleware matched: a 404 from notFound, or a middleware's own answer (preflight).
  if (path === "" || path === "*" || path === "/*") return status === 404 ? "unmatched" : "*";
  return path;
}

/** Request id, metrics and the per-request log line. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    const t0 = performance.now();
    const incoming = c.req.header("X-Request-Id");
    const requestId = incoming && SANE_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", requestId);
    // Read before the handler: an upgraded WebSocket request is closed, its headers gone.
    const method = c.req.method;
    const path = c.req.path;
    const headerKey = c.req.header("Idempotency-Key") ?? c.req.header("X-Idempotency-Key");
    await next();
    // A WebSocket upgrade (101) must go out as Deno made it: no header is added to it.
    if (c.res.status !== 101) c.header("X-Request-Id", requestId);
    const seconds = (performance.now() - t0) / 1000;
    const status = c.res.status;
    observeRequest(deps.http, methodLabel(method), routeLabel(c, status), status, seconds);
    const fields: Record<string, unknown> = {
      request_id: requestId,
      method: method.slice(0, 16),
      path: path.slice(0, MAX_LOGGED_PATH),
      status,
      duration_ms: Math.round(seconds * 1e6) / 1000,
    };
    // A created run is named by the Location of the answer (POST /backtests).
    const runId = c.get("runId") ?? path.match(RUN_PATH)?.[1] ??
      c.res.headers.get("Location")?.match(RUN_PATH)?.[1];
    if (runId) fields.run_id = runId;
    const key = c.get("idempotencyKey") ?? headerKey;
    if (key && SANE_KEY.test(key)) fields.idempotency_key = key;
    deps.log("info", "request", fields);
  };
}
