/**
 * @module
 * A sweep as the catalog keeps it: a job like a run (QUEUED → RUNNING → DONE | ERROR |
 * CANCELLED) whose id derives from its inputs, with its progress and its outcome.
 */
import type { RunStatus } from "./ports.ts";

/** A sweep's status: the same lifecycle as a run's. */
export type SweepStatus = RunStatus;

/** The DSR of a sweep's best member (see `services/sweeps/sweep_outcome.ts`). */
export interface SweepDsr {
  /** Annualised Sharpe ratio of the best member. */
  sharpe: number | null;
  /** N: distinct configurations tried on the dataset with the strategy (this sweep included). */
  trials: number;
  /** V: variance of their annualised Sharpe ratios; null when unknown. */
  sharpe_variance: number | null;
  /** E[max SR] of N no-skill trials, annualised. */
  expected_max_sharpe: number | null;
  /** PSR(E[max SR]): probability the best member's skill survives the selection. */
  probability: number | null;
  /** What the figure assumes. */
  note: string;
}

/** One sweep row of the catalog. */
export interface SweepRecord {
  sweepId: string;
  datasetId: string;
  strategyId: string;
  /** Grid axes in order: `[{name, values}]`. */
  grid: { name: string; values: (number | boolean | string)[] }[];
  /** The canonical run config every member starts from (snake_case, as POST /backtests reads it). */
  baseConfig: Record<string, unknown>;
  metric: string;
  blocks: number;
  /** Members to run (valid grid combinations). */
  members: number;
  /** Grid combinations the strategy refused. */
  skipped: number;
  /** Members run so far. */
  doneMembers: number;
  status: SweepStatus;
  createdAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  pbo: number | null;
  bestMember: number | null;
  bestParams: Record<string, unknown> | null;
  bestSharpe: number | null;
  dsr: SweepDsr | null;
  manifestHash: string | null;
  error: string | null;
  idempotencyKey: string | null;
}
