/**
 * @module
 * The OpenAPI 3.1 document of the API, generated from the zod schemas (`schemas.ts`) and the
 * endpoint table (`openapi_paths.ts`). Served at `GET /openapi.json` and written to
 * `docs/api/openapi.yaml` by `scripts/openapi.ts`.
 */
import { z } from "zod";
import { VERSION } from "../version.ts";
import { type Endpoint, ENDPOINTS, type Reply } from "./openapi_paths.ts";
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from "./schemas.ts";

type Json = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;
const BODY_ERRORS: Record<string, string> = {
  400: "MALFORMED_JSON: the body is empty, not UTF-8 or not JSON; TOO_DEEP: arrays and " +
    "objects nested deeper than 64 levels",
  413: "BODY_TOO_LARGE: the body is over 1 MiB",
  415: "UNSUPPORTED_MEDIA_TYPE: send Content-Type: application/json",
};

/**
 * Fields a body needs one set of (zod checks these in code, after parsing, so the generated
 * schema cannot say so): each entry becomes an `anyOf` of `required` lists.
 */
const REQUIRED_ALTERNATIVES: Record<string, string[][][]> = {
  BacktestRequest: [
    [["dataset_id"], ["symbol", "from", "to"], ["symbol", "start", "end"]],
    [["strategy_id"], ["strategy"]],
  ],
};

let cached: Json | undefined;

/**
 * The OpenAPI 3.1 document (built once, then shared; callers must not modify it).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const doc = buildOpenApiDocument();
 * assert.equal(doc.openapi, "3.1.0");
 * assert.ok("/backtests/{id}" in (doc.paths as object));
 * ```
 */
export function buildOpenApiDocument(): Json {
  cached ??= {
    openapi: "3.1.0",
    info: {
      title: "Hewston API",
      version: VERSION,
      description: "Local-first backtesting studio. Every /backtests path also answers under " +
        "/runs. Errors are {error: {code, message, details?}}, never a stack trace. When the " +
        "server has a token, every request needs Authorization: Bearer <token>. Every POST " +
        "needs Content-Type: application/json (bodiless ones too: 415 otherwise); a Host " +
        "header that is not an IP address, localhost, the --host name or an --allowed-host " +
        "gets 421 MISDIRECTED_REQUEST; a write or WebSocket from an Origin CORS does not " +
        "allow gets 403 ORIGIN_DENIED. Any write may answer 503 CATALOG_BUSY with " +
        "Retry-After while another process holds the catalog's write lock; a body still " +
        "arriving after 30 s gets 408 REQUEST_TIMEOUT; a READY dataset whose files are gone " +
        "gets 409 DATASET_FILES_MISSING; a symbolic link inside the data dir gets 403 " +
        "SYMLINK_REFUSED. A reused Idempotency-Key with another body gets 409 " +
        "IDEMPOTENCY_KEY_REUSED.",
    },
    servers: [{ url: "http://127.0.0.1:8000" }],
    security: [{}, { bearer: [] }],
    tags: [
      "service",
      "runs",
      "events",
      "artifacts",
      "playback",
      "datasets",
      "market",
      "presets",
      "sweeps",
    ]
      .map((name) => ({ name })),
    paths: paths(),
    components: {
      schemas: withRequiredAlternatives({
        ...components(REQUEST_SCHEMAS, "input"),
        ...components(RESPONSE_SCHEMAS, "output"),
      }),
      responses: { Error: reply({ description: "any other error", schema: "Error" }) },
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
  return cached;
}

function paths(): Json {
  const out: Record<string, Json> = {};
  const add = (path: string, e: Endpoint, operationId: string, tag: string) => {
    (out[path] ??= {})[e.method] = operation(e, operationId, tag);
  };
  for (const e of ENDPOINTS) add(e.path, e, e.operationId, e.tag);
  for (const e of ENDPOINTS) {
    if (e.runAlias) {
      add(e.path.replace(/^\/backtests/, "/runs"), e, `${e.operationId}ViaRuns`, "runs alias");
    }
  }
  return out;
}

function operation(e: Endpoint, operationId: string, tag: string): Json {
  const parameters: Json[] = [];
  for (const [name, description] of Object.entries(e.pathParams ?? {})) {
    parameters.push({ name, in: "path", required: true, description, schema: { type: "string" } });
  }
  for (const [name, field] of Object.entries(e.query?.shape ?? {})) {
    const { description, ...schema } = jsonSchema(field as z.ZodType, "input");
    parameters.push({
      name,
      in: "query",
      required: !(field as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema,
    });
  }
  for (const [name, description] of Object.entries(e.headers ?? {})) {
    parameters.push({
      name,
      in: "header",
      required: false,
      description,
      schema: { type: "string" },
    });
  }
  const responses: Json = {};
  for (const [status, r] of Object.entries(e.responses)) responses[status] = reply(r);
  if (e.body) {
    for (const [status, d] of Object.entries(BODY_ERRORS)) {
      responses[status] ??= reply({ description: d, schema: "Error" });
    }
  }
  if (e.body || e.query) {
    responses[422] ??= reply({ description: "VALIDATION_ERROR naming the field", schema: "Error" });
  }
  responses.default = { $ref: "#/components/responses/Error" };
  return {
    operationId,
    summary: e.summary,
    tags: [tag],
    ...(parameters.length ? { parameters } : {}),
    ...(e.body
      ? {
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: REF(e.body) } } },
        },
      }
      : {}),
    responses,
  };
}

function reply(r: Reply): Json {
  const content = r.schema
    ? { "application/json": { schema: { $ref: REF(r.schema) } } }
    : r.content
    ? Object.fromEntries(Object.entries(r.content).map(([type, schema]) => [type, { schema }]))
    : undefined;
  const headers = r.headers
    ? Object.fromEntries(
      Object.entries(r.headers).map(([h, description]) => [h, {
        description,
        schema: { type: "string" },
      }]),
    )
    : undefined;
  return {
    description: r.description,
    ...(headers ? { headers } : {}),
    ...(content ? { content } : {}),
  };
}

function components(schemas: Record<string, z.ZodType>, io: "input" | "output"): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const { schemas: out } = z.toJSONSchema(registry, { io, uri: REF, unrepresentable: "any" });
  for (const s of Object.values(out)) {
    delete (s as Json).$schema;
    delete (s as Json).$id;
  }
  return out as Json;
}

function withRequiredAlternatives(schemas: Json): Json {
  for (const [name, groups] of Object.entries(REQUIRED_ALTERNATIVES)) {
    (schemas[name] as Json).allOf = groups.map((alternatives) => ({
      anyOf: alternatives.map((required) => ({ required })),
    }));
  }
  return schemas;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const out = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  delete out.$schema;
  return out;
}
