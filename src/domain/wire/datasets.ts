/**
 * @module
 * The wire documents of datasets, shared by the API and the CLI (`hewston data --json`).
 * Every key is snake_case.
 */
import { z } from "zod";
import { count, isoDate, isoTime } from "./primitives.ts";

/** A dataset of 1-minute bars. */
export const dataset = z.strictObject({
  dataset_id: z.string(),
  symbol: z.string(),
  from_date: isoDate,
  to_date: isoDate,
  status: z.enum(["READY", "BUILDING", "ERROR"]),
  session: z.enum(["regular", "extended"]),
  source_kind: z.string(),
  bar_count: count,
  size_bytes: count,
  products: z.array(z.string()),
  calendar_version: z.string(),
  tz: z.string(),
  generated_at: isoTime,
  manifest_sha256: z.string().nullable(),
  error: z.string().nullable(),
  url: z.string(),
});

/** {@link dataset} as a TypeScript type. */
export type DatasetView = z.output<typeof dataset>;

/** Answer of GET /datasets. */
export const datasetList = z.strictObject({ items: z.array(dataset), total: count });

/** Answer of GET /datasets/{id}: the row plus its bars manifest. */
export const datasetDetail = dataset.extend({
  manifest: z.record(z.string(), z.unknown()).nullable().describe("null until READY"),
});

/** Answer of POST /datasets. */
export const datasetJob = z.strictObject({
  job_id: z.string(),
  status: z.literal("QUEUED"),
  events_url: z.string(),
});

/** What `hewston data --json` prints: the dataset and what its build did. */
export const datasetBuild = z.strictObject({
  dataset,
  reused: z.boolean().describe("true when an identical READY dataset was found, not rebuilt"),
  records: z.strictObject({
    trades: count,
    quotes: count,
    trades_outside_session: count,
  }),
  bars: count,
  parquet_bytes: count,
  raw_bytes: count,
  elapsed_ms: z.number().min(0),
});

/** Answer of GET /datasets/{id}/bars: candles of a range as columns (one array per field). */
export const datasetBars = z.strictObject({
  dataset_id: z.string(),
  symbol: z.string(),
  interval: z.enum(["1m", "5m", "15m", "30m", "1h", "1d"])
    .describe("candle width; 1d is one candle per New York trading date"),
  bars: count.describe("1-minute bars the candles cover"),
  days: count.describe("New York trading dates the candles cover"),
  time: z.array(z.number()).describe("each candle's open time (its first bar), UTC seconds"),
  open: z.array(z.number()),
  high: z.array(z.number()),
  low: z.array(z.number()),
  close: z.array(z.number()),
  volume: z.array(z.number()),
});

/** One way of building a dataset, as GET /datasets/sources describes it. */
export const datasetSourceInfo = z.strictObject({
  kind: z.enum(["synthetic", "databento", "dbn", "csv", "parquet"]),
  available: z.boolean().describe("whether this server can build from it now"),
  description: z.string(),
  symbols: z.array(z.string()).nullable().describe("the only symbols it serves (null: any)"),
  dataset: z.string().nullable().describe("Databento dataset downloaded from (databento only)"),
});

/** Answer of GET /datasets/sources. */
export const datasetSources = z.strictObject({
  items: z.array(datasetSourceInfo),
  raw_dir: z.string().describe(
    "folder of the data dir that DBN, CSV and Parquet paths must lie in (relative to it)",
  ),
});
