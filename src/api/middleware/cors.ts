/**
 * @module
 * STUB — replaced by the engineer who owns middleware.
 */
import type { MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";

/** STUB. */
export function corsMiddleware(_deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function corsMiddleware(c, next) {
    await next();
  };
}
