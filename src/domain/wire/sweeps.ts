/**
 * @module
 * The wire documents of sweeps: the finished sweep `hewston sweep --json` prints, and the
 * `/sweeps` API's summary, list, detail, heatmap, members and member-run answers. Every key is
 * snake_case.
 */
import { z } from "zod";
import { count, isoTime } from "./primitives.ts";

const artifact = z.strictObject({ name: z.string(), size: count, sha256: z.string() });
const gridValue = z.union([z.number(), z.boolean(), z.string()]);

/** A finished sweep: its id, members, best member, PBO and artifact folder. */
export const sweepResult = z.strictObject({
  sweep_id: z.string(),
  existed: z.boolean().describe("true when the identical sweep was already in the catalog"),
  members: count,
  skipped: count.describe("grid combinations the strategy refused"),
  pbo: z.number().nullable().describe("Probability of Backtest Overfitting (CSCV)"),
  best: z.strictObject({
    params: z.record(z.string(), z.unknown()),
    sharpe: z.number().nullable(),
  }).nullable(),
  folder: z.string(),
  files: z.array(artifact),
  elapsed_ms: z.number().min(0),
});

/** The DSR of a sweep's best member. */
export const sweepDsr = z.strictObject({
  sharpe: z.number().nullable().describe("annualised Sharpe ratio of the best member"),
  trials: count.describe(
    "N: distinct configurations tried on the dataset with the strategy (runs and sweep members)",
  ),
  sharpe_variance: z.number().nullable().describe("V: variance of their annualised Sharpe ratios"),
  expected_max_sharpe: z.number().nullable().describe("E[max SR] of N no-skill trials, annualised"),
  probability: z.number().nullable().describe(
    "DSR: probability that the best member's Sharpe ratio survives the selection",
  ),
  note: z.string().describe("what the figure assumes"),
});

/** One sweep in a list. */
export const sweepSummary = z.strictObject({
  sweep_id: z.string(),
  status: z.enum(["QUEUED", "RUNNING", "DONE", "ERROR", "CANCELLED"]),
  dataset_id: z.string(),
  strategy_id: z.string(),
  grid: z.array(z.strictObject({ name: z.string(), values: z.array(gridValue) })),
  metric: z.string().describe("metric of heatmap.json"),
  members: count,
  skipped: count,
  progress: z.strictObject({ done: count, total: count }).describe("members run so far"),
  created_at: isoTime,
  finished_at: isoTime.nullable(),
  duration_ms: z.number().nullable(),
  pbo: z.number().nullable(),
  best: z.strictObject({
    member: count,
    params: z.record(z.string(), z.unknown()),
    sharpe: z.number().nullable(),
  }).nullable(),
  error: z.string().nullable(),
  url: z.string(),
});

/** Type of {@link sweepSummary}. */
export type SweepSummary = z.output<typeof sweepSummary>;

/** A page of sweeps. */
export const sweepList = z.strictObject({
  items: z.array(sweepSummary),
  total: count,
  limit: count,
  offset: count,
});

/** One sweep with its inputs, outcome and links. */
export const sweepDetail = sweepSummary.extend({
  base_config: z.record(z.string(), z.unknown()).describe(
    "the run every member starts from (POST /backtests reads it as it is)",
  ),
  blocks: count.describe("CSCV blocks of the PBO"),
  dsr: sweepDsr.nullable(),
  manifest_hash: z.string().nullable(),
  files: z.array(artifact),
  events_url: z.string(),
  heatmap_url: z.string(),
  pbo_url: z.string(),
  members_url: z.string(),
});

/** Type of {@link sweepDetail}. */
export type SweepDetail = z.output<typeof sweepDetail>;

/** Answer of POST /sweeps. */
export const sweepSubmitResponse = z.strictObject({
  sweep_id: z.string(),
  status: z.enum(["QUEUED", "EXISTS"]),
  members: count,
  skipped: count,
});

/** A metric over two grid axes. */
export const sweepHeatmap = z.strictObject({
  sweep_id: z.string(),
  metric: z.string(),
  reduce: z.enum(["max", "min"]).describe("how members sharing a cell (further axes) combine"),
  x: z.strictObject({ param: z.string(), values: z.array(gridValue) }),
  y: z.strictObject({ param: z.string(), values: z.array(gridValue) }).nullable(),
  z: z.array(z.array(z.number().nullable())).describe("z[yi][xi]; null: no member or no value"),
  member: z.array(z.array(count.nullable())).describe("member index behind each cell"),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

/** The members of a sweep: parameters and metrics. */
export const sweepMembers = z.strictObject({
  sweep_id: z.string(),
  params: z.array(z.string()),
  metrics: z.array(z.string()),
  items: z.array(z.strictObject({
    member: count,
    params: z.record(z.string(), gridValue.nullable()),
    metrics: z.record(z.string(), z.number().nullable()),
  })),
  total: count,
  offset: count,
  limit: count,
});

/** The PBO of a sweep and the logits of its CSCV splits. */
export const sweepPbo = z.strictObject({
  sweep_id: z.string(),
  pbo: z.record(z.string(), z.unknown()).nullable().describe(
    "pbo.json: pbo, the logits λ of every split, degradation; null for a one-member sweep",
  ),
  meaning: z.string().describe("one plain-language line"),
});

/** Answer of POST /sweeps/preview. */
export const sweepPreview = z.strictObject({
  combinations: count.describe("grid combinations"),
  members: count.describe("combinations the strategy accepts: the members a POST would run"),
  skipped: count.describe("combinations the strategy refuses (e.g. fast ≥ slow)"),
});

/** Answer of POST /sweeps/{id}/members/{k}/run. */
export const memberRunResponse = z.strictObject({
  sweep_id: z.string(),
  member: count,
  params: z.record(z.string(), z.unknown()),
  run_id: z.string(),
  status: z.enum(["QUEUED", "EXISTS"]),
  url: z.string(),
});

/** Type of {@link sweepList}. */
export type SweepList = z.output<typeof sweepList>;

/** Type of {@link sweepSubmitResponse}. */
export type SweepSubmitResponse = z.output<typeof sweepSubmitResponse>;
/** Type of {@link sweepHeatmap}. */
export type SweepHeatmap = z.output<typeof sweepHeatmap>;
/** Type of {@link sweepMembers}. */
export type SweepMembers = z.output<typeof sweepMembers>;
/** Type of {@link sweepPbo}. */
export type SweepPbo = z.output<typeof sweepPbo>;
/** Type of {@link sweepPreview}. */
export type SweepPreview = z.output<typeof sweepPreview>;
/** Type of {@link memberRunResponse}. */
export type MemberRunResponse = z.output<typeof memberRunResponse>;
