/**
 * @module
 * The shape of one entry of the OpenAPI endpoint table (`openapi_paths.ts`).
 */
import type { z } from "zod";
import type { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from "./schemas.ts";

/** One response: a schema component (JSON), or other media types with raw JSON Schemas. */
export interface Reply {
  description: string;
  schema?: keyof typeof RESPONSE_SCHEMAS;
  content?: Record<string, Record<string, unknown>>;
  headers?: Record<string, string>;
}

/** One operation. */
export interface Endpoint {
  method: "get" | "post" | "delete";
  /** OpenAPI path, e.g. `/backtests/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  headers?: Record<string, string>;
  body?: keyof typeof REQUEST_SCHEMAS;
  responses: Record<string, Reply>;
  /** Also served with `/runs` in place of `/backtests`. */
  runAlias?: boolean;
}

/** An error response with the Error schema. */
export const err = (description: string): Reply => ({ description, schema: "Error" });
