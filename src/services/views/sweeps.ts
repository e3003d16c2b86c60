/**
 * @module
 * Sweeps as their wire documents (`domain/wire/sweeps.ts`), shared by the API and the CLI.
 */
import type { z } from "zod";
import type { SweepRecord } from "../../domain/sweep_record.ts";
import type { sweepDetail, sweepResult, sweepSummary } from "../../domain/wire/sweeps.ts";
import type { DataDir } from "../../store/data_dir.ts";
import { sweepFolder } from "../sweeps/execute_sweep.ts";
import { sweepFiles } from "../sweeps/sweep_results.ts";

/** URL of sweep `id`. */
export function sweepUrl(id: string): string {
  return `/sweeps/${id}`;
}

/** A sweep as one item of a list. */
export function sweepSummaryOf(s: SweepRecord): z.output<typeof sweepSummary> {
  return {
    sweep_id: s.sweepId,
    status: s.status,
    dataset_id: s.datasetId,
    strategy_id: s.strategyId,
    grid: s.grid,
    metric: s.metric,
    members: s.members,
    skipped: s.skipped,
    progress: { done: s.doneMembers, total: s.members },
    created_at: s.createdAt,
    finished_at: s.finishedAt,
    duration_ms: s.durationMs,
    pbo: s.pbo,
    best: s.bestMember === null
      ? null
      : { member: s.bestMember, params: s.bestParams ?? {}, sharpe: s.bestSharpe },
    error: s.error,
    url: sweepUrl(s.sweepId),
  };
}

/** A sweep with its inputs, outcome, files and links. */
export async function sweepDetailOf(
  dir: DataDir,
  s: SweepRecord,
): Promise<z.output<typeof sweepDetail>> {
  const url = sweepUrl(s.sweepId);
  return {
    ...sweepSummaryOf(s),
    base_config: s.baseConfig,
    blocks: s.blocks,
    dsr: s.dsr,
    manifest_hash: s.manifestHash,
    files: (await sweepFiles(dir, s)).map((f) => ({
      name: f.name,
      size: f.size,
      sha256: f.sha256,
    })),
    events_url: `${url}/events/stream`,
    heatmap_url: `${url}/heatmap`,
    pbo_url: `${url}/pbo`,
    members_url: `${url}/members`,
  };
}

/** A finished sweep as `hewston sweep --json` prints it. */
export async function sweepResultOf(
  dir: DataDir,
  s: SweepRecord,
  existed: boolean,
  elapsedMs: number,
): Promise<z.output<typeof sweepResult>> {
  return {
    sweep_id: s.sweepId,
    existed,
    members: s.members,
    skipped: s.skipped,
    pbo: s.pbo,
    best: s.bestParams === null ? null : { params: s.bestParams, sharpe: s.bestSharpe },
    folder: sweepFolder(dir, s.sweepId),
    files: (await sweepFiles(dir, s)).map((f) => ({
      name: f.name,
      size: f.size,
      sha256: f.sha256,
    })),
    elapsed_ms: elapsedMs,
  };
}

/**
 * One plain-language line on what a PBO figure means.
 * @param pbo the Probability of Backtest Overfitting, or null for a one-member sweep
 */
export function pboMeaning(pbo: number | null): string {
  if (pbo === null) {
    return "One member: nothing was selected, so there is no overfitting to measure.";
  }
  const pct = Math.round(pbo * 100);
  const verdict = pbo <= 0.1
    ? "the selection looks robust"
    : pbo < 0.5
    ? "some of the best in-sample result is luck"
    : "the best in-sample member is more likely luck than skill";
  return `In ${pct}% of the in-sample/out-of-sample splits the best in-sample member ranked ` +
    `below the median out of sample: ${verdict}.`;
}
