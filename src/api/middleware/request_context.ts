/**
 * @module
 * STUB — replaced by the engineer who owns middleware.
 */
import type { MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";

/** STUB. */
export function requestContext(_deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async function requestContext(c, next) {
    c.set("requestId", crypto.randomUUID());
    await next();
  };
}
