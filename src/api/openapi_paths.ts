/**
 * @module
 * Every endpoint of the app, described once for the OpenAPI document: path, parameters,
 * body and responses, each naming a schema of `schemas.ts`. A test checks that every route
 * the app registers is listed here.
 */
import { type Endpoint, err } from "./_endpoint.ts";
import { PLAYBACK_ENDPOINTS } from "./openapi_playback_paths.ts";
import { RUN_ENDPOINTS } from "./openapi_run_paths.ts";
import { SWEEP_ENDPOINTS } from "./openapi_sweep_paths.ts";
import { candleQuery, datasetBarsQuery, datasetListQuery, featureQuery } from "./schemas.ts";

export type { Endpoint, Reply } from "./_endpoint.ts";

const HTML = { "text/html": { type: "string" } };

/** The endpoints, in document order. */
export const ENDPOINTS: readonly Endpoint[] = [
  {
    method: "get",
    path: "/healthz",
    operationId: "healthz",
    summary: "Liveness and DEMO dataset state",
    tag: "service",
    responses: { 200: { description: "the server is up", schema: "Health" } },
  },
  {
    method: "get",
    path: "/health",
    operationId: "health",
    summary: "Alias of /healthz (second seed)",
    tag: "service",
    responses: { 200: { description: "the server is up", schema: "Health" } },
  },
  {
    method: "get",
    path: "/metrics",
    operationId: "metrics",
    summary: "Prometheus text metrics",
    tag: "service",
    responses: {
      200: {
        description: "metrics in the Prometheus text format",
        content: { "text/plain": { type: "string" } },
      },
    },
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "openapi",
    summary: "This document",
    tag: "service",
    responses: {
      200: { description: "OpenAPI 3.1", content: { "application/json": { type: "object" } } },
    },
  },
  ...RUN_ENDPOINTS,
  ...PLAYBACK_ENDPOINTS,
  ...SWEEP_ENDPOINTS,
  {
    method: "get",
    path: "/datasets",
    operationId: "listDatasets",
    summary: "Datasets, newest first",
    tag: "datasets",
    query: datasetListQuery,
    responses: { 200: { description: "datasets", schema: "DatasetList" } },
  },
  {
    method: "post",
    path: "/datasets",
    operationId: "buildDataset",
    summary: "Start building a dataset; follow GET /backtests/{job_id}/events",
    tag: "datasets",
    body: "DatasetBuildRequest",
    responses: {
      202: { description: "build queued", schema: "DatasetJob" },
      404: err("DATASET_NOT_FOUND: no source for the symbol"),
      413: err(
        "DATASET_TOO_LARGE: the build's estimated size is above the quota (serve " +
          "--max-dataset-mb, default 2048)",
      ),
    },
  },
  {
    method: "post",
    path: "/datasets/jobs/{job_id}/cancel",
    operationId: "cancelDatasetBuild",
    summary: "Cancel a queued or running dataset build; its event stream ends with cancelled",
    tag: "datasets",
    pathParams: { job_id: "job id from POST /datasets (dataset-…)" },
    responses: {
      200: { description: "build cancelled", schema: "DatasetJobCancelled" },
      404: err("JOB_NOT_FOUND"),
      409: err("JOB_FINISHED"),
    },
  },
  {
    method: "get",
    path: "/datasets/sources",
    operationId: "listDatasetSources",
    summary: "What this server can build datasets from (whether it has a Databento key)",
    tag: "datasets",
    responses: { 200: { description: "the sources", schema: "DatasetSources" } },
  },
  {
    method: "get",
    path: "/datasets/{id}/bars",
    operationId: "getDatasetCandles",
    summary: "A dataset's bars in a range as columns of candles, as wide as max_candles asks " +
      "(1m … 1h, else one per New York trading date), for a preview chart",
    tag: "datasets",
    pathParams: { id: "dataset id" },
    query: datasetBarsQuery,
    responses: {
      200: { description: "the candles", schema: "DatasetBars" },
      404: err("DATASET_NOT_FOUND"),
      409: err("DATASET_NOT_READY"),
    },
  },
  {
    method: "delete",
    path: "/datasets/{id}",
    operationId: "deleteDataset",
    summary: "Delete a dataset no run uses (its catalog row and bars)",
    tag: "datasets",
    pathParams: { id: "dataset id" },
    responses: {
      204: { description: "deleted" },
      404: err("DATASET_NOT_FOUND"),
      409: err(
        "DATASET_IN_USE: runs use it (details.runs says how many; delete them first), or " +
          "DATASET_BUILDING: it is being built",
      ),
    },
  },
  {
    method: "get",
    path: "/datasets/{id}",
    operationId: "getDataset",
    summary: "A dataset and its bars manifest",
    tag: "datasets",
    pathParams: { id: "dataset id" },
    responses: {
      200: { description: "the dataset", schema: "DatasetDetail" },
      404: err("DATASET_NOT_FOUND"),
    },
  },
  {
    method: "get",
    path: "/datasets/{id}/bars.parquet",
    operationId: "getDatasetBars",
    summary: "A READY dataset's bars Parquet file, for `hewston worker --server` (ETag = sha256)",
    tag: "datasets",
    pathParams: { id: "dataset id" },
    headers: { "If-None-Match": "the file's quoted sha256 (its ETag)" },
    responses: {
      200: {
        description: "the bars file; ETag is its quoted sha256, the manifest's bars_parquet_sha256",
        content: {
          "application/vnd.apache.parquet": {
            type: "string",
            contentMediaType: "application/octet-stream",
          },
        },
      },
      304: { description: "not modified" },
      403: err("SYMLINK_REFUSED"),
      404: err("DATASET_NOT_FOUND"),
      409: err("DATASET_NOT_READY or DATASET_FILES_MISSING"),
    },
  },
  ...([["candles", candleQuery, "CandlePage", "A dataset's 1-minute bars in a time range"], [
    "features",
    featureQuery,
    "FeaturePage",
    "An indicator's shifted values in a time range",
  ]] as const).map(([name, query, schema, summary]): Endpoint => ({
    method: "get",
    path: `/${name}`,
    operationId: name === "candles" ? "getCandles" : "getFeatures",
    summary,
    tag: "market",
    query,
    responses: {
      200: { description: "a page", schema },
      404: err(name === "candles" ? "DATASET_NOT_FOUND" : "DATASET_NOT_FOUND, INDICATOR_NOT_FOUND"),
      409: err("DATASET_NOT_READY"),
    },
  })),
  {
    method: "get",
    path: "/strategies",
    operationId: "listStrategies",
    summary: "Strategies, risk models and indicators with parameter schemas and defaults",
    tag: "market",
    responses: { 200: { description: "the catalogue", schema: "StrategyCatalog" } },
  },
  {
    method: "get",
    path: "/presets",
    operationId: "listPresets",
    summary: "Presets, oldest first",
    tag: "presets",
    responses: { 200: { description: "presets", schema: "PresetList" } },
  },
  {
    method: "post",
    path: "/presets",
    operationId: "createPreset",
    summary: "Create a preset (idempotent by content hash)",
    tag: "presets",
    body: "PresetRequest",
    responses: {
      201: { description: "created", schema: "Preset", headers: { Location: "URL of the preset" } },
      200: { description: "the identical preset exists", schema: "Preset" },
      404: err("STRATEGY_NOT_FOUND"),
      409: err("PRESET_NAME_TAKEN: the name holds another config"),
    },
  },
  {
    method: "get",
    path: "/presets/{id_or_name}",
    operationId: "getPreset",
    summary: "A preset by id or name",
    tag: "presets",
    pathParams: { id_or_name: "preset id or name" },
    responses: {
      200: { description: "the preset", schema: "Preset" },
      404: err("PRESET_NOT_FOUND"),
    },
  },
  {
    method: "delete",
    path: "/presets/{id_or_name}",
    operationId: "deletePreset",
    summary: "Delete a preset by id or name",
    tag: "presets",
    pathParams: { id_or_name: "preset id or name" },
    responses: { 204: { description: "deleted" }, 404: err("PRESET_NOT_FOUND") },
  },
  {
    method: "get",
    path: "/",
    operationId: "uiIndex",
    summary: "The browser UI (its runs page)",
    tag: "ui",
    responses: {
      200: { description: "index.html (no-cache, ETag, br/gzip)", content: HTML },
      503: err("UI_NOT_BUILT: run `scripts/deno task ui:build`"),
    },
  },
  ...["/ui/{page}", "/ui/{page}/{id}"].map((path, i): Endpoint => ({
    method: "get",
    path,
    operationId: i === 0 ? "uiPage" : "uiItemPage",
    summary: "A page of the browser UI (deep link): the same index.html, routed on the client",
    tag: "ui",
    pathParams: i === 0 ? { page: "runs, compare, …" } : { page: "runs, …", id: "e.g. a run id" },
    responses: {
      200: { description: "index.html", content: HTML },
      503: err("UI_NOT_BUILT"),
    },
  })),
  {
    method: "get",
    path: "/assets/{name}",
    operationId: "uiAsset",
    summary: "A content-hashed file of the UI bundle (immutable for a year)",
    tag: "ui",
    pathParams: { name: "e.g. app-3F2A7KQX.js" },
    responses: {
      200: {
        description: "the file (br/gzip when accepted)",
        content: { "text/javascript": { type: "string" }, "text/css": { type: "string" } },
      },
      404: err("NOT_FOUND"),
    },
  },
];
