/**
 * @module
 * A sweep's plan: the canonical base config, the grid and its members, and the inputs whose
 * hash is the sweep id — so the same request (whoever sends it: the API or the CLI) names the
 * same sweep, and a sweep is found again instead of recomputed.
 */
import { canonicalJson } from "../../domain/canonical_json.ts";
import { NotFoundError } from "../../domain/errors.ts";
import { sha256Hex } from "../../domain/hash.ts";
import type { DatasetRecord } from "../../domain/ports.ts";
import { parseRunConfig, type RunConfig } from "../../engine/run_config.ts";
import { expandGrid, type Grid } from "../../engine/sweep/mod.ts";
import { barsPerYear } from "../../market/calendar/mod.ts";
import { codeVersion } from "../../store/code_version.ts";
import type { DataDir } from "../../store/data_dir.ts";
import { datasetFacts } from "../../store/dataset_files.ts";

/** Everything a sweep runs from. */
export interface SweepPlan {
  sweepId: string;
  dataset: DatasetRecord;
  base: RunConfig;
  grid: Grid;
  /** Strategy parameters of every member, in member order. */
  members: Record<string, unknown>[];
  skipped: number;
  metric: string;
  blocks: number;
  barsPerYear: number;
  barsSha256: string;
  code: { version: string; codeHash: string };
  /** The hashed inputs (also written to sweep-manifest.json). */
  inputs: Record<string, unknown>;
}

/**
 * Plans a sweep of `request` (a run request with its `dataset_id`) over `grid`.
 * @throws {ValidationError} bad request or grid; {@link NotFoundError} dataset not READY,
 *   unknown strategy
 */
export async function planSweep(
  dir: DataDir,
  dataset: DatasetRecord | null,
  request: Record<string, unknown>,
  grid: Grid,
  metric: string,
  blocks: number,
): Promise<SweepPlan> {
  const base = parseRunConfig(request);
  if (!dataset || dataset.status !== "READY") {
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `dataset ${base.dataset_id} not found or not READY`,
    );
  }
  const expansion = expandGrid(grid, base.strategy.params, base.strategy.id);
  const facts = await datasetFacts(dir, dataset);
  const code = await codeVersion();
  const inputs = {
    base,
    grid,
    metric,
    blocks,
    dataset: { id: dataset.datasetId, bars_parquet_sha256: facts.bars_parquet_sha256 },
    code: { version: code.version, code_hash: code.codeHash },
  };
  return {
    sweepId: "sw-" + sha256Hex(canonicalJson(inputs)).slice(0, 16),
    dataset,
    base,
    grid,
    members: expansion.members as Record<string, unknown>[],
    skipped: expansion.skipped,
    metric,
    blocks,
    barsPerYear: barsPerYear(dataset.session),
    barsSha256: facts.bars_parquet_sha256,
    code: { version: code.version, codeHash: code.codeHash },
    inputs,
  };
}
