/**
 * @module
 * STUB — replaced by the engineer who owns these routes.
 */
import { Hono } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";

/** STUB. */
export function datasetRoutes(_deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>();
}
