/**
 * @module
 * Bearer-token auth: when the server has a token (`--token` / `HEWSTON_TOKEN`, required off
 * loopback) every route, health included, needs `Authorization: Bearer <token>`; otherwise
 * 401 UNAUTHORIZED with `WWW-Authenticate: Bearer`. Without a token (loopback default)
 * nothing is checked. CORS preflights are answered before this middleware runs.
 */
import type { MiddlewareHandler } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import type { AppDeps, AppEnv } from "../deps.ts";

const BEARER = /^Bearer[ \t]+([^ \t].*?)[ \t]*$/i;

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
    if (!token) return await next();
    const given = c.req.header("Authorization")?.match(BEARER)?.[1];
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
