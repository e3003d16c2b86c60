/**
 * @module
 * The zod schemas of the API's request bodies and query strings (values arrive as strings
 * and are coerced), plus the small pieces the response schemas share.
 */
import { z } from "zod";
import { RUN_STATUSES } from "../domain/ports.ts";
import { count, DATE_RE, isoDate, isoTime } from "../domain/wire/primitives.ts";
import { backtestBodySchema } from "../services/runs/run_request.ts";
import { DEFAULT_DATABENTO_DATASET, DEFAULT_SEED } from "../domain/defaults.ts";

export { count, DATE_RE, isoDate, isoTime };

/** An ISO date (`YYYY-MM-DD`, a UTC day) or an ISO date-time with a zone. */
export const timeBound = z.string().refine(
  (s) =>
    DATE_RE.test(s) ? !Number.isNaN(Date.parse(s)) : /T.*(Z|[+-]\d\d:?\d\d)$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
  "expected YYYY-MM-DD or an ISO date-time with a zone, e.g. 2024-01-02T14:30:00Z",
);

function page(max: number, dflt: number) {
  return {
    limit: z.coerce.number().int().min(1).max(max).default(dflt)
      .describe(`page size, 1..${max}`),
    offset: z.coerce.number().int().min(0).default(0).describe("rows to skip"),
  };
}

/** Body of POST /backtests: either seed's shape or Hewston's (see `services/runs/run_request.ts`). */
export const backtestRequest = backtestBodySchema;

const synthetic = z.strictObject({
  kind: z.literal("synthetic"),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULT_SEED),
  trades_per_day: z.number().int().min(1).max(1_000_000).optional(),
});
const dbn = z.strictObject({
  kind: z.literal("dbn"),
  trades: z.array(z.string().min(1).max(1000)).min(1).max(1000)
    .describe("TRADES files, paths inside the data dir (relative to it or absolute)"),
  tbbo: z.array(z.string().min(1).max(1000)).max(1000).default([])
    .describe("TBBO files, paths inside the data dir"),
});
const databento = z.strictObject({
  kind: z.literal("databento"),
  dataset: z.string().min(1).max(50).default(DEFAULT_DATABENTO_DATASET),
});

const candleFile = (kind: "csv" | "parquet") =>
  z.strictObject({
    kind: z.literal(kind),
    path: z.string().min(1).max(1000).describe(
      `${kind === "csv" ? "CSV" : "Parquet"} file of 1-minute OHLCV candles (columns in the ` +
        "README), a path inside the data dir's raw/ folder (relative to the data dir or absolute)",
    ),
  });

/** Body of POST /datasets. */
export const datasetBuildRequest = z.strictObject({
  symbol: z.string().min(1).max(30),
  from: isoDate,
  to: isoDate,
  source: z.discriminatedUnion("kind", [
    synthetic,
    dbn,
    databento,
    candleFile("csv"),
    candleFile("parquet"),
  ]).optional()
    .describe(
      "where the data comes from; default: local DBN files, else Databento, else synthetic",
    ),
  extended_hours: z.boolean().default(false),
});

/** Body of POST /presets. */
export const presetRequest = z.strictObject({
  name: z.string().min(1).max(100).regex(/^[^/\\\0]+$/, "must not contain / or \\"),
  config: backtestBodySchema,
});

/** Query of GET /backtests. */
export const runListQuery = z.strictObject({
  symbol: z.string().min(1).max(30).optional(),
  from: isoDate.optional().describe("keep runs whose dataset ends on or after this date"),
  to: isoDate.optional().describe("keep runs whose dataset starts on or before this date"),
  strategy_id: z.string().min(1).max(100).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  dataset_id: z.string().min(1).max(200).optional(),
  ...page(1000, 50),
  order: z.string().regex(/^[-+]?[a-z_]+$/, "expected [-]column").default("-created_at")
    .describe("column, `-` for descending: created_at, finished_at, duration_ms, or a metric"),
});

/** Query of GET /backtests/{id}/artifacts/{name}. */
export const artifactQuery = z.strictObject({
  format: z.enum(["json"]).optional().describe("json: a Parquet file's rows as JSON"),
  ...page(10_000, 1000),
});

/** Query of GET /datasets/{id}/bars. */
export const datasetBarsQuery = z.strictObject({
  from: timeBound.optional().describe("first bar time (a date means from its 00:00 UTC)"),
  to: timeBound.optional().describe("last bar time (a date means through its end, UTC)"),
  max_candles: z.coerce.number().int().min(10).max(20_000).default(1000).describe(
    "at most this many candles: the finest of 1m, 5m, 15m, 30m, 1h that fits, else 1d",
  ),
});

/** Query of GET /datasets. */
export const datasetListQuery = z.strictObject({
  symbol: z.string().min(1).max(30).optional(),
  status: z.enum(["READY", "BUILDING", "ERROR"]).optional(),
});

const rangeQuery = {
  dataset_id: z.string().min(1).max(200),
  from: timeBound.optional().describe("first bar time (a date means from its 00:00 UTC)"),
  to: timeBound.optional().describe("last bar time (a date means through its end, UTC)"),
  ...page(10_000, 1000),
};

/** Query of GET /candles. */
export const candleQuery = z.strictObject(rangeQuery);

/** Query of GET /features; other parameters are the indicator's (e.g. `window=20`). */
export const featureQuery = z.object({
  ...rangeQuery,
  name: z.string().min(1).max(100).describe("indicator name, see GET /strategies"),
  params: z.string().max(10_000).optional().describe(
    'indicator parameters as JSON, e.g. {"window":20}',
  ),
}).catchall(z.string());

/** Query of the run event endpoints (served by `routes/events.ts`). */
export const eventsQuery = z.object({
  after_id: z.coerce.number().int().min(0).optional()
    .describe("only events with a larger id (or the Last-Event-ID header)"),
});

/** Query of the catalog-wide event stream `GET /events`. */
export const catalogEventsQuery = z.object({
  after_id: z.coerce.number().int().min(0).optional().describe(
    "replay every event with a larger id first (or the Last-Event-ID header); " +
      "without either, only events from now on",
  ),
  heartbeat: z.coerce.number().min(0.01).max(300).optional()
    .describe("seconds between heartbeats (default 5)"),
});

/** Run states, as in the catalog. */
export { RUN_STATUSES };

/** Body of POST /sweeps (see `services/sweeps/sweep_request.ts`). */
export { sweepBodySchema as sweepRequest } from "../services/sweeps/sweep_request.ts";

/** Query of GET /sweeps. */
export const sweepListQuery = z.strictObject({
  status: z.enum(RUN_STATUSES).optional(),
  dataset_id: z.string().min(1).max(200).optional(),
  ...page(1000, 50),
});

/** Query of GET /sweeps/{id}/heatmap. */
export const sweepHeatmapQuery = z.strictObject({
  metric: z.string().regex(/^[a-z_]{1,60}$/, "expected a metric name, e.g. sharpe").optional()
    .describe("any metric of the members table (default: the sweep's metric)"),
  x: z.string().min(1).max(100).optional().describe("grid axis across (default: the first)"),
  y: z.string().min(1).max(100).optional().describe("grid axis down (default: the second)"),
  reduce: z.enum(["max", "min"]).default("max")
    .describe("how members sharing a cell (grids of more than two axes) combine"),
});

/** Query of GET /sweeps/{id}/members. */
export const sweepMembersQuery = z.strictObject({ ...page(10_000, 10_000) });
