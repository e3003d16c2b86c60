/**
 * @module
 * The always-on part of validation (no trials, no extra cost): the Probabilistic and Deflated
 * Sharpe Ratios of the real run, with the moments they rest on. Formulas: `sharpe_ratio.ts`.
 *
 * Units: the PSR and DSR work on the per-bar Sharpe ratio ŜR = mean / std of the per-bar
 * returns; the annualised figure (ŜR × √barsPerYear, the `sharpe` of metrics.json) is shown
 * beside it. The DSR's inputs — the number of trials N and the variance V of their Sharpe
 * ratios — describe the research that led to this run, which only the caller knows (from the
 * catalog: e.g. the runs or sweep members tried on the same dataset). V is taken annualised,
 * like the catalog's Sharpe ratios, and divided by barsPerYear for the per-bar formula.
 */
import { ValidationError } from "../../domain/errors.ts";
import { orNull } from "./distribution.ts";
import type { ReturnMoments } from "./moments.ts";
import {
  deflatedSharpe,
  expectedMaxSharpe,
  minTrackRecordLength,
  probabilisticSharpe,
  type SharpeSample,
} from "./sharpe_ratio.ts";

/** What the caller knows about the trials behind this run, for the DSR. */
export interface DsrInput {
  /** N: number of trials (configurations tried), integer ≥ 1; 1 = no selection. */
  trials: number;
  /** V: variance of the trials' annualised Sharpe ratios; null when unknown. */
  sharpeVariance: number | null;
  /** Where N and V come from, reported as `dsr_trials_source`. @default "catalog" */
  source?: string;
}

/** The Sharpe statistics' entry in `validation_summary.json`. */
export interface SharpeSummary {
  /** T: number of per-bar returns. */
  observations: number;
  sharpe_per_bar: number | null;
  sharpe_annualised: number | null;
  skew: number | null;
  /** Kurtosis (normal = 3). */
  kurtosis: number | null;
  /** PSR(0): probability that the true Sharpe ratio is above 0. */
  psr: number | null;
  /** Returns needed for PSR(0) ≥ 0.95 (null when ŜR ≤ 0). */
  min_track_record_length: number | null;
  dsr: {
    trials: number;
    /** V as given (annualised); null when unknown. */
    sharpe_variance: number | null;
    /** E[max SR] of N no-skill trials, annualised; null when V is unknown. */
    expected_max_sharpe: number | null;
    /** PSR(E[max SR]); null when V is unknown (and N > 1) or the PSR is undefined. */
    probability: number | null;
  };
  /** Who supplied N and V. */
  dsr_trials_source: string;
  verdict: string;
}

/**
 * Throws when the DSR inputs are unusable.
 * @throws {ValidationError} for N not an integer ≥ 1, or V neither null nor a finite number ≥ 0
 */
export function checkDsrInput(dsr: DsrInput): void {
  if (!Number.isInteger(dsr.trials) || dsr.trials < 1) {
    throw new ValidationError(`dsr.trials must be an integer ≥ 1, got ${dsr.trials}`);
  }
  const v = dsr.sharpeVariance;
  if (v !== null && !(v >= 0 && v < Infinity)) {
    throw new ValidationError(`dsr.sharpeVariance must be null or a finite number ≥ 0, got ${v}`);
  }
}

/**
 * Computes the Sharpe statistics of the real run.
 *
 * @param m moments of the real per-bar returns
 * @param barsPerYear annualisation constant
 * @param dsr N and V from the caller
 * @returns the summary entry
 * @throws {ValidationError} for N < 1 or a negative V
 */
export function summariseSharpe(
  m: ReturnMoments,
  barsPerYear: number,
  dsr: DsrInput,
): SharpeSummary {
  const sr = m.std > 0 ? m.mean / m.std : NaN;
  const s: SharpeSample = { sharpe: sr, count: m.count, skew: m.skew, kurtosis: m.kurtosis };
  const psr = probabilisticSharpe(s, 0);
  const variance = dsr.sharpeVariance;
  const known = variance !== null || dsr.trials === 1;
  const vBar = variance === null ? 0 : variance / barsPerYear;
  const sr0 = known ? expectedMaxSharpe(dsr.trials, vBar) : NaN;
  const pDsr = known ? deflatedSharpe(s, dsr.trials, vBar) : NaN;
  const annual = Math.sqrt(barsPerYear);
  return {
    observations: m.count,
    sharpe_per_bar: orNull(sr),
    sharpe_annualised: orNull(sr * annual),
    skew: orNull(m.skew),
    kurtosis: orNull(m.kurtosis),
    psr: orNull(psr),
    min_track_record_length: orNull(minTrackRecordLength(s, 0, 0.95)),
    dsr: {
      trials: dsr.trials,
      sharpe_variance: variance,
      expected_max_sharpe: orNull(sr0 * annual),
      probability: orNull(pDsr),
    },
    dsr_trials_source: dsr.source ?? "catalog",
    verdict: verdict(psr, pDsr, dsr.trials, known),
  };
}

function verdict(psr: number, dsr: number, trials: number, known: boolean): string {
  if (psr !== psr) return "undefined: the returns have no variance (the strategy never moved)";
  const head = `PSR(0) = ${psr.toFixed(3)}`;
  if (!known) {
    return `${head}; DSR not computed: the variance of the ${trials} trials' Sharpe ratios is unknown`;
  }
  const tail = dsr >= 0.95
    ? "the Sharpe ratio survives the selection among them (95% level)"
    : "the Sharpe ratio may be a product of selection among them";
  return `${head}, DSR = ${dsr.toFixed(3)} over ${trials} trial${trials === 1 ? "" : "s"}: ${tail}`;
}
