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
