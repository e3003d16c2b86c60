/**
 * @module
 * The manifests Hewston writes, one strict zod schema each (unknown fields refused), each with
 * a `schema_version`. Writers build them typed; readers parse them, never cast, so a truncated
 * or edited manifest fails to load with the field it lacks.
 *
 * | file | folder | schema |
 * | --- | --- | --- |
 * | `manifest.json` | `derived/bars/<dataset_id>/` | {@link datasetManifest} |
 * | `manifest.json` | `backtests/<run_id>/` | {@link runManifest} |
 * | `run-manifest.json` | `backtests/<run_id>/` | {@link runInputsManifest} |
 * | `manifest.json` | `sweeps/<sweep_id>/` | {@link sweepManifest} |
 * | `sweep-manifest.json` | `sweeps/<sweep_id>/` | {@link sweepInputsManifest} |
 */
import { z } from "zod";
import { HewstonError } from "./errors.ts";

/** The version of every manifest schema below; a change to any of them bumps it. */
export const MANIFEST_SCHEMA_VERSION = 1;

const schemaVersion = z.literal(MANIFEST_SCHEMA_VERSION);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 hex digest");
const count = z.number().int().min(0);

/** One file of a folder's manifest. */
export const artifactEntry = z.strictObject({ name: z.string(), size: count, sha256 });

/** A dataset's manifest: provenance of its bars (design § Dataset manifest). */
export const datasetManifest = z.strictObject({
  schema_version: schemaVersion,
  dataset_id: z.string(),
  symbol: z.string(),
  interval: z.literal("1m"),
  from_date: z.string(),
  to_date: z.string(),
  tz: z.string(),
  calendar_version: z.string(),
  source: z.looseObject({ kind: z.string() }).describe("the source's kind and stable params"),
  rebar_params: z.record(z.string(), z.unknown()),
  inputs: z.array(z.strictObject({
    role: z.string(),
    name: z.string(),
    sha256,
    size_bytes: count,
  })),
  input_hashes: z.strictObject({
    trades_dbn_sha256: z.array(sha256),
    tbbo_dbn_sha256: z.array(sha256),
    candles_sha256: z.array(sha256),
  }),
  output_hashes: z.strictObject({ bars_parquet_sha256: sha256 }),
  outputs: z.array(z.strictObject({ name: z.string(), size_bytes: count, sha256 })),
  row_counts: z.record(z.string(), count),
  created_at: z.string(),
});

/** {@link datasetManifest} as a TypeScript type. */
export type DatasetManifest = z.output<typeof datasetManifest>;

/** A run's `manifest.json`: every artifact's sha256, the manifest hash and the chain link. */
export const runManifest = z.strictObject({
  schema_version: schemaVersion,
  run_id: z.string(),
  input_hash: sha256,
  files: z.array(artifactEntry),
  manifest_hash: sha256.describe(
    "sha256 of the canonical {schema_version, run_id, input_hash, files}",
  ),
  chain_prev: sha256.nullable().describe("manifest_hash of the previous run"),
});

/** {@link runManifest} as a TypeScript type. */
export type RunManifest = z.output<typeof runManifest>;

/** The code version hashed into a run's inputs. */
export const codeVersionDoc = z.strictObject({ version: z.string(), code_hash: sha256 });

/** The Deflated Sharpe Ratio's inputs, as recorded in a run-manifest. */
export const dsrInputsDoc = z.strictObject({
  trials: z.number().int().min(1),
  sharpe_variance: z.number().nullable(),
  source: z.string(),
});

/** A run's `run-manifest.json`: the snapshot of every input (what `verify` re-runs from). */
export const runInputsManifest = z.strictObject({
  schema_version: schemaVersion,
  run_id: z.string(),
  input_hash: sha256,
  config: z.record(z.string(), z.unknown()).describe("the normalised run configuration"),
  dataset: z.record(z.string(), z.unknown()).describe("the dataset facts hashed into the run"),
  calendar_version: z.string(),
  tz: z.string(),
  bars_per_year: z.number().positive(),
  code: codeVersionDoc,
  runtime: z.strictObject({ deno: z.string(), v8: z.string(), typescript: z.string() }),
  dependencies: z.record(z.string(), z.string()),
  seed: z.number().int(),
  skipped_orders: z.record(z.string(), count),
  dsr_inputs: dsrInputsDoc,
});

/** {@link runInputsManifest} as a TypeScript type. */
export type RunInputsManifest = z.output<typeof runInputsManifest>;

/** A sweep's `manifest.json`. */
export const sweepManifest = z.strictObject({
  schema_version: schemaVersion,
  sweep_id: z.string(),
  files: z.array(artifactEntry),
  manifest_hash: sha256.describe("sha256 of the canonical {schema_version, sweep_id, files}"),
});

/** {@link sweepManifest} as a TypeScript type. */
export type SweepManifest = z.output<typeof sweepManifest>;

/** A sweep's `sweep-manifest.json`: its inputs. */
export const sweepInputsManifest = z.strictObject({
  schema_version: schemaVersion,
  sweep_id: z.string(),
  base: z.record(z.string(), z.unknown()).describe("the base run configuration"),
  grid: z.array(z.strictObject({ name: z.string(), values: z.array(z.unknown()) })),
  metric: z.string(),
  blocks: z.number().int().min(2),
  dataset: z.strictObject({ id: z.string(), bars_parquet_sha256: sha256 }),
  code: codeVersionDoc,
  members: count,
  skipped: count,
  bars_per_year: z.number().positive(),
  runtime: z.strictObject({ deno: z.string() }),
});

/**
 * Parses a manifest's JSON text with `schema`.
 * @param what names the file in the error (e.g. its path)
 * @throws {HewstonError} MANIFEST_INVALID (500) naming the first bad field
 */
export function parseManifest<S extends z.ZodType>(
  schema: S,
  text: string,
  what: string,
): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new HewstonError("MANIFEST_INVALID", `${what}: not JSON`, { status: 500 });
  }
  const legacy = isUnversioned(raw);
  const parsed = schema.safeParse(isUnversioned(raw) ? upgradeUnversioned(raw) : raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HewstonError(
      "MANIFEST_INVALID",
      `${what}: ${legacy ? "written by Hewston before 0.2.0 and not readable: " : ""}${
        issue.path.join(".") || "manifest"
      }: ${issue.message}`,
      { status: 500 },
    );
  }
  return parsed.data;
}

function isUnversioned(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw) &&
    !("schema_version" in raw);
}

/**
 * A manifest written before `schema_version` existed (Hewston < 0.2.0) as version 1, so an
 * upgraded user's data dir keeps working: version 1 added `schema_version` and renamed the
 * three camelCase keys those manifests held. Upgraded in memory only: the file's bytes (and
 * so the catalog's `manifest_sha256` and every run id) stay as they are.
 */
export function upgradeUnversioned(raw: Record<string, unknown>): Record<string, unknown> {
  return {
    ...raw,
    schema_version: 1,
    ...renamed(raw, "source", "tradesPerDay", "trades_per_day"),
    ...renamed(raw, "code", "codeHash", "code_hash"),
    ...renamed(raw, "dsr_inputs", "sharpeVariance", "sharpe_variance"),
  };
}

function renamed(
  raw: Record<string, unknown>,
  field: string,
  from: string,
  to: string,
): Record<string, unknown> {
  const v = raw[field];
  if (typeof v !== "object" || v === null || !(from in v)) return {};
  const { [from]: value, ...rest } = v as Record<string, unknown>;
  return { [field]: { ...rest, [to]: value } };
}
