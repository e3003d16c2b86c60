import assert from "node:assert/strict";
import { RunService } from "../services/runs/run_service.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { resolveDataDir } from "../store/data_dir.ts";
import { SqliteEvents } from "../store/events_sqlite.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";
import type { TaskRunner } from "../services/tasks.ts";
import { OPENAPI_YAML } from "../../scripts/openapi.ts";
import { createApp } from "./app.ts";
import { type AppDeps, newHttpMetrics } from "./deps.ts";
import { buildOpenApiDocument } from "./openapi.ts";
import { toYaml } from "./openapi_yaml.ts";

type Json = Record<string, unknown>;

/** The app over an in-memory catalog; no route here starts a job. */
function appForRoutes() {
  const catalog = new SqliteCatalog(":memory:");
  const runs = new SqliteRuns(catalog.db);
  const events = new SqliteEvents(catalog.db);
  const dir = resolveDataDir("/nonexistent-hewston-data");
  const pool = {} as TaskRunner;
  const deps: AppDeps = {
    dir,
    catalog,
    runs,
    events,
    service: new RunService({ dir, catalog, runs, events, pool }),
    state: { startedAt: 0, demo: "absent", version: "0.0.0-test" },
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

Deno.test("docs/api/openapi.yaml is the generated document (run scripts/openapi.ts)", async () => {
  assert.equal(await Deno.readTextFile(OPENAPI_YAML), toYaml(buildOpenApiDocument()));
});

Deno.test("GET /openapi.json serves the generated OpenAPI 3.1 document", async () => {
  const { app, catalog } = appForRoutes();
  try {
    const res = await app.request("/openapi.json");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    const doc = await res.json();
    assert.deepEqual(doc, buildOpenApiDocument());
    assert.equal(doc.openapi, "3.1.0");
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
