import assert from "node:assert/strict";
import { RunService } from "../services/runs/run_service.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { resolveDataDir } from "../store/data_dir.ts";
import { storeOver } from "../store/open_store.ts";
import { sweepServiceOver } from "../services/sweeps/sweep_service.ts";
import type { TaskRunner } from "../services/tasks.ts";
import { createApp } from "./app.ts";
import { type AppDeps, newHttpMetrics } from "./deps.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { errorResponse } from "./response_schemas.ts";
import { RESPONSE_SCHEMAS } from "./schemas.ts";
import { METRIC_COLUMNS } from "../store/runs_sqlite.ts";

type Json = Record<string, unknown>;

/** The app over an in-memory catalog; no route here starts a job. */
function appForRoutes(url?: string) {
  const { catalog, runs, events, presets } = storeOver(new SqliteCatalog(":memory:"));
  const dir = resolveDataDir("/nonexistent-hewston-data");
  const pool = {} as TaskRunner;
  const service = new RunService({ dir, catalog, runs, events, pool });
  const sweeps = sweepServiceOver(dir, catalog, service, pool);
  const deps: AppDeps = {
    dir,
    catalog,
    runs,
    events,
    presets,
    service,
    sweeps,
    state: { startedAt: 0, demo: "absent", version: "0.0.0-test", url },
    http: newHttpMetrics(),
    log: () => {},
  };
  return { app: createApp(deps), catalog };
}

/** Every `$ref` in a JSON value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) { for (const v of value) refs(v, out); }
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref" && typeof v === "string") out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

Deno.test("GET /openapi.json serves the generated OpenAPI 3.1 document", async () => {
  const { app, catalog } = appForRoutes();
  try {
    const res = await app.request("/openapi.json");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const doc: Json = await res.json();
    assert.equal(doc.openapi, "3.1.0");
    // The request's origin, as no bound address is known here.
    assert.deepEqual(doc, { ...buildOpenApiDocument(), servers: [{ url: "http://localhost" }] });
  } finally {
    catalog.close();
  }
});

Deno.test("the OpenAPI document lists every route the app serves", () => {
  const { app, catalog } = appForRoutes();
  try {
    const paths = buildOpenApiDocument().paths as Record<string, Json>;
    const served = app.routes.filter((r) => r.method !== "ALL")
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    assert.ok(served.length >= 30, `only ${served.length} routes`);
    for (const route of served) {
      const [method, path] = route.split(" ");
      assert.ok(paths[path]?.[method], `${route} is not in the OpenAPI document`);
    }
    for (const path of ["/healthz", "/health", "/metrics", "/openapi.json", "/candles"]) {
      assert.ok(paths[path].get, path);
    }
    for (const path of ["/backtests/{id}/events", "/runs/{id}/events/stream"]) {
      const op = paths[path].get as { responses: Record<string, { content?: Json }> };
      assert.deepEqual(Object.keys(op.responses["200"].content!), ["text/event-stream"]);
    }
  } finally {
    catalog.close();
  }
});

Deno.test("the OpenAPI document's operations are unique and its $refs resolve", () => {
  const doc = buildOpenApiDocument();
  const components = doc.components as { schemas: Json; responses: Json };
  const ids: string[] = [];
  for (const item of Object.values(doc.paths as Record<string, Record<string, Json>>)) {
    for (const op of Object.values(item)) ids.push(String(op.operationId));
  }
  assert.equal(new Set(ids).size, ids.length);
  const all = refs(doc);
  assert.ok(all.length > 100);
  for (const ref of new Set(all)) {
    const [, kind, name] = ref.match(/^#\/components\/(schemas|responses)\/(\w+)$/)!;
    assert.ok(name in components[kind as "schemas" | "responses"], ref);
  }
  const schemas = components.schemas as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) {
    assert.equal(schema.$schema, undefined, name);
    assert.equal(schema.$id, undefined, name);
  }
});

Deno.test("the OpenAPI document describes parameters, bodies and errors", () => {
  const paths = buildOpenApiDocument().paths as Record<string, Record<string, Json>>;
  const list = paths["/backtests"].get as { parameters: Json[]; responses: Json };
  assert.deepEqual(list.parameters.find((p) => p.name === "limit"), {
    name: "limit",
    in: "query",
    required: false,
    description: "page size, 1..1000",
    schema: { type: "integer", minimum: 1, maximum: 1000, default: 50 },
  });
  assert.deepEqual(Object.keys(list.responses), ["200", "422", "default"]);
  const submit = paths["/runs"].post as { requestBody: Json; responses: Json; tags: string[] };
  assert.deepEqual(submit.tags, ["runs alias"]);
  assert.deepEqual(submit.requestBody, {
    required: true,
    content: { "application/json": { schema: { $ref: "#/components/schemas/BacktestRequest" } } },
  });
  assert.deepEqual(Object.keys(submit.responses), [
    "200",
    "202",
    "400",
    "404",
    "413",
    "415",
    "422",
    "default",
  ]);
  const candles = paths["/candles"].get as { parameters: Json[] };
  assert.deepEqual(candles.parameters.find((p) => p.name === "dataset_id"), {
    name: "dataset_id",
    in: "query",
    required: true,
    schema: { type: "string", minLength: 1, maxLength: 200 },
  });
  const artifact = paths["/backtests/{id}/artifacts/{name}"].get as { parameters: Json[] };
  assert.deepEqual(
    artifact.parameters.filter((p) => p.in === "path").map((p) => p.name),
    ["id", "name"],
  );
});

Deno.test("GET /openapi.json names the bound address in servers; the committed file keeps the default", async () => {
  for (
    const [bound, expected] of [
      ["http://127.0.0.1:43117", "http://127.0.0.1:43117"],
      ["http://[::1]:9000", "http://[::1]:9000"],
      // Bound to every interface: the address the client used.
      ["http://0.0.0.0:8000", "http://192.0.2.7:8000"],
    ]
  ) {
    const { app, catalog } = appForRoutes(bound);
    try {
      const doc = await (await app.request("http://192.0.2.7:8000/openapi.json")).json();
      assert.deepEqual(doc.servers, [{ url: expected }]);
    } finally {
      catalog.close();
    }
  }
  assert.deepEqual(buildOpenApiDocument().servers, [{ url: "http://127.0.0.1:8000" }]);
});

Deno.test("the OpenAPI document documents every metric and uses oneOf only for exclusive shapes", () => {
  const doc = buildOpenApiDocument();
  const schemas = (doc.components as { schemas: Record<string, Json> }).schemas;
  const metrics = schemas.Metrics as { properties: Record<string, Json>; required: string[] };
  assert.deepEqual(Object.keys(metrics.properties).sort(), [...METRIC_COLUMNS].sort());
  assert.deepEqual([...metrics.required].sort(), [...METRIC_COLUMNS].sort());
  for (const [name, p] of Object.entries(metrics.properties)) {
    assert.ok(typeof p.description === "string" && p.description.length > 10, name);
  }
  const page =
    (doc.paths as Record<string, Record<string, Json>>)["/backtests/{id}/artifacts/{name}"]
      .get as { responses: Record<string, { content: Record<string, { schema: Json }> }> };
  const json = page.responses["200"].content["application/json"].schema;
  assert.equal(json.oneOf, undefined);
  assert.deepEqual(json.anyOf, [{ $ref: "#/components/schemas/ParquetPage" }, { type: "object" }]);
  // A oneOf is left only where a discriminator (a property with a distinct constant in each
  // alternative, e.g. `kind` or `t`) makes the shapes exclusive.
  const oneOfs: Json[][] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if (Array.isArray((v as Json).oneOf)) oneOfs.push((v as Json).oneOf as Json[]);
      Object.values(v).forEach(walk);
    }
  };
  walk(doc);
  for (const alternatives of oneOfs) {
    const consts = (a: Json) =>
      Object.entries((a.properties ?? {}) as Record<string, Json>)
        .filter(([, p]) => typeof p.const === "string").map(([name]) => name);
    const discriminators = consts(alternatives[0]).filter((name) => {
      const values = alternatives.map((a) =>
        ((a.properties as Record<string, Json> | undefined)?.[name] as Json | undefined)?.const
      );
      return values.every((v) => typeof v === "string") && new Set(values).size === values.length;
    });
    assert.ok(discriminators.length > 0, JSON.stringify(alternatives));
  }
});

Deno.test("every API error's details have the one documented shape", async () => {
  const { app, catalog } = appForRoutes();
  try {
    const post = (path: string, body: unknown) =>
      app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const bodies = [
      await (await post("/backtests", { dataset_id: "x", strategy_id: 5 })).json(),
      await (await post("/presets", { name: "p", config: { strategy_id: 5 } })).json(),
      await (await post("/datasets", { symbol: "TEST", from: "2024", to: "2024-01-02" })).json(),
      await (await app.request("/backtests?limit=0")).json(),
    ];
    for (const body of bodies) {
      const details = body.error.details;
      assert.ok(details && typeof details === "object" && !Array.isArray(details), body);
      assert.ok(Array.isArray(details.issues) && details.issues.length > 0, JSON.stringify(body));
      for (const issue of details.issues) {
        assert.deepEqual(Object.keys(issue).sort(), ["message", "path"], JSON.stringify(body));
        assert.equal(typeof issue.path, "string");
        assert.equal(typeof issue.message, "string");
      }
      assert.ok(errorResponse.safeParse(body).success, JSON.stringify(body));
    }
  } finally {
    catalog.close();
  }
});

Deno.test("the OpenAPI document marks what every body and response requires", () => {
  const schemas = (buildOpenApiDocument().components as { schemas: Record<string, Json> })
    .schemas;
  // A backtest needs a dataset and a strategy, in either seed's words.
  assert.deepEqual(schemas.BacktestRequest.allOf, [
    {
      anyOf: [
        { required: ["dataset_id"] },
        { required: ["symbol", "from", "to"] },
        { required: ["symbol", "start", "end"] },
      ],
    },
    { anyOf: [{ required: ["strategy_id"] }, { required: ["strategy"] }] },
  ]);
  assert.deepEqual(schemas.DatasetBuildRequest.required, ["symbol", "from", "to"]);
  // Responses: every field is always present, but for the few documented as optional.
  const optional = new Set([
    "Health.demo_error",
    "Error.error.details",
    "Error.error.details.issues",
  ]);
  const check = (name: string, schema: Json): void => {
    const props = schema.properties as Record<string, Json> | undefined;
    if (!props) return;
    const required = new Set(schema.required as string[] | undefined);
    for (const [field, sub] of Object.entries(props)) {
      if (!optional.has(`${name}.${field}`)) {
        assert.ok(required.has(field), `${name}.${field} is not marked required`);
      }
      check(`${name}.${field}`, sub);
    }
  };
  for (const name of Object.keys(RESPONSE_SCHEMAS)) check(name, schemas[name]);
});
