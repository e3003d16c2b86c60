/**
 * @module
 * The zod schemas of the API's responses. Route specs parse what the routes answer with
 * them (strict objects: an undocumented field fails the spec).
 */
import { z } from "zod";
import { count, isoTime } from "../domain/wire/primitives.ts";

// The documents the CLI prints too live in the domain: one schema per document.
export {
  artifactFile,
  artifactManifest,
  metrics,
  runDetail,
  runList,
  runSummary,
} from "../domain/wire/runs.ts";
export {
  dataset,
  datasetBars,
  datasetDetail,
  datasetJob,
  datasetList,
  datasetSources,
} from "../domain/wire/datasets.ts";
export {
  memberRunResponse,
  sweepDetail,
  sweepHeatmap,
  sweepList,
  sweepMembers,
  sweepPbo,
  sweepPreview,
  sweepSubmitResponse,
  sweepSummary,
} from "../domain/wire/sweeps.ts";

/** Every error: `{error: {code, message, details?}}`. */
export const errorResponse = z.strictObject({
  error: z.strictObject({
    code: z.string().describe("machine-readable, e.g. RUN_NOT_FOUND"),
    message: z.string().describe("one line saying what is wrong"),
    details: z.looseObject({
      issues: z.array(z.strictObject({
        path: z.string().describe(
          "dotted path of the field from the request's root: body.params.fast, " +
            "body.risk.params.target_vol, body.execution.fees_bps, " +
            "body.validation.permutation.trials, query.limit; a rule across fields names " +
            "their parent (body.params)",
        ),
        message: z.string().describe("what is wrong with it"),
      })).optional().describe("every field-level problem, when the error is about input"),
    }).optional().describe("context of the error (e.g. preset_id of a conflicting preset)"),
  }),
});

/** Answer of POST /backtests. */
export const submitResponse = z.strictObject({
  run_id: z.string(),
  run_hash: z.string().describe("the run id (name used by the second seed's clients)"),
  status: z.enum(["QUEUED", "EXISTS"]),
});

/** A page of a Parquet artifact as JSON (`?format=json`). */
export const parquetPage = z.strictObject({
  name: z.string(),
  columns: z.array(z.strictObject({ name: z.string(), type: z.string() })),
  rows: z.array(z.array(z.unknown())).describe("timestamps as ISO strings, NaN as null"),
  total: count,
  offset: count,
  limit: count,
});

/** Answer of POST /datasets/jobs/{job_id}/cancel. */
export const datasetJobCancelled = z.strictObject({
  job_id: z.string(),
  status: z.literal("CANCELLED"),
  events_url: z.string(),
});

const barTime = {
  ts: isoTime.describe("bar open time"),
  time: z.number().int().describe("bar open time in UTC seconds (lightweight-charts)"),
};

/** One 1-minute bar. */
export const candle = z.strictObject({
  ...barTime,
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  vwap: z.number(),
  trade_count: count,
  bid_mean: z.number().nullable(),
  ask_mean: z.number().nullable(),
  spread_mean: z.number().nullable(),
});

/** Answer of GET /candles. */
export const candlePage = z.strictObject({
  dataset_id: z.string(),
  symbol: z.string(),
  items: z.array(candle),
  total: count,
  offset: count,
  limit: count,
});

/** Answer of GET /features: the indicator's shifted values (null during warm-up). */
export const featurePage = z.strictObject({
  dataset_id: z.string(),
  name: z.string(),
  params: z.record(z.string(), z.unknown()),
  items: z.array(z.strictObject({ ...barTime, value: z.number().nullable() })),
  total: count,
  offset: count,
  limit: count,
});

const jsonSchema = z.record(z.string(), z.unknown()).describe("JSON Schema (draft 2020-12)");

/** Answer of GET /strategies: what a run can be configured with. */
export const strategyCatalog = z.strictObject({
  items: z.array(z.strictObject({
    id: z.string(),
    description: z.string(),
    params: jsonSchema,
    defaults: z.record(z.string(), z.unknown()),
  })),
  risk_models: z.array(z.strictObject({
    model: z.string(),
    description: z.string(),
    params: jsonSchema,
  })),
  indicators: z.array(z.strictObject({
    name: z.string(),
    description: z.string(),
    params: jsonSchema,
  })),
});

/** A stored preset. */
export const preset = z.strictObject({
  preset_id: z.string().describe("hash of the canonical {name, config}"),
  name: z.string(),
  config: z.record(z.string(), z.unknown()).describe("a BacktestRequest"),
  created_at: isoTime,
  url: z.string(),
});

/** Answer of GET /presets. */
export const presetList = z.strictObject({ items: z.array(preset), total: count });

/** Answer of /healthz and /health (served by `routes/health.ts`). */
export const health = z.looseObject({
  status: z.literal("ok"),
  version: z.string(),
  uptime_s: count,
  demo: z.enum(["absent", "building", "ready", "error"]),
  demo_error: z.string().optional(),
});

/** Request bodies by OpenAPI component name. */
