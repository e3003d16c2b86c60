/**
 * @module
 * Bearer-token auth: when the server has a token (`--token` / `HEWSTON_TOKEN`, required off
 * loopback) every route, health included, needs `Authorization: Bearer <token>`; otherwise
 * 401 UNAUTHORIZED with `WWW-Authenticate: Bearer`. Without a token (loopback default)
 * nothing is checked. CORS preflights are answered before this middleware runs.
 *
 * Browsers cannot set headers on a WebSocket, an EventSource or a download link, so the routes
 * the UI opens that way (`/{backtests|runs}/{id}/ws`, `/stream`, `/events/stream` and
 * `/artifacts/{name}`, `/sweeps/{id}/events/stream`, and the catalog's `/events`) also take the token as `?token=<token>` or, on the WebSocket, as a
 * `bearer.<token>` subprotocol. The request log never writes the query string nor any header,
 * so the token is never logged.
 *
 * The UI's shell (`/`, `/ui/…`, `/assets/…`: the page and its bundle, no data) is public, so a
 * browser can load it off loopback; the page takes the token from its `#token=` fragment (a
 * fragment never reaches the server) and sends it with every API call.
 */
import type { MiddlewareHandler } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import type { AppDeps, AppEnv } from "../deps.ts";

const BEARER = /^Bearer[ \t]+([^ \t].*?)[ \t]*$/i;
const QUERY_TOKEN_PATH =
  /^\/(?:(?:backtests|runs)\/[^/]+\/(?:ws|stream|events\/stream|artifacts\/[^/]+)|sweeps\/[^/]+\/events\/stream|events)$/;
const UI_SHELL = /^\/(?:|ui(?:\/[^/]+){1,2}|assets\/[^/]+)$/;
const SUBPROTOCOL = /^bearer\.(.+)$/;

/**
 * The token a browser playback client can send: `?token=` or a `bearer.<token>` entry of
 * `Sec-WebSocket-Protocol`.
 */
export function playbackToken(
  query: string | undefined,
  protocols: string | undefined,
): string | undefined {
  if (query) return query;
  for (const p of (protocols ?? "").split(",")) {
    const m = p.trim().match(SUBPROTOCOL);
    if (m) return m[1];
  }
  return undefined;
}

function digest(text: string): Uint8Array {
  return createHash("sha256").update(text).digest();
}

/**
 * Whether `given` equals `expected`, in time independent of where they differ: both sides
 * are hashed to 32 bytes first, so neither the length nor a common prefix leaks.
 */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Requires the bearer token on every request when `deps.token` is set. */
export function authMiddleware(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const token = deps.token;
  return async function authMiddleware(c, next) {
    if (
      !token || (UI_SHELL.test(c.req.path) && (c.req.method === "GET" || c.req.method === "HEAD"))
    ) return await next();
    let given = c.req.header("Authorization")?.match(BEARER)?.[1];
    if (given === undefined && QUERY_TOKEN_PATH.test(c.req.path)) {
      given = playbackToken(c.req.query("token"), c.req.header("Sec-WebSocket-Protocol"));
    }
    if (given === undefined || !tokenMatches(given, token)) {
      return c.json(
        {
          error: {
            code: "UNAUTHORIZED",
            message: given === undefined
              ? "missing bearer token: send Authorization: Bearer <token>"
              : "invalid bearer token",
          },
        },
        401,
        { "WWW-Authenticate": "Bearer" },
      );
    }
    await next();
  };
}
