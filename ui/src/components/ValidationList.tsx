/**
 * @module
 * A run's validation results, one line each with its figure and what it means in plain words:
 * PSR, DSR (with the number of trials it deflates for), the permutation p-value, the
 * bootstrap interval of the Sharpe ratio, the Monte Carlo slippage stress, and walk-forward
 * in-sample vs out-of-sample.
 */
import type { ValidationSummary } from "../api/types.ts";
import { formatNumber, formatPct, formatUsd } from "../format.ts";

/** Props of {@link ValidationList}. */
export interface ValidationListProps {
  v: ValidationSummary | null;
}

function Line({ name, value, meaning }: { name: string; value: string; meaning: string }) {
  return (
    <li class="vline">
      <span class="vname">{name}</span>
      <span class="vval num">{value}</span>
      <span class="vmeaning">{meaning}</span>
    </li>
  );
}

/** The list (empty state when the run has no validation summary). */
export function ValidationList({ v }: ValidationListProps) {
  if (!v) return <p class="dim">This run has no validation summary.</p>;
  const psr = v.sharpe.psr;
  const dsr = v.sharpe.dsr;
  const perm = v.tests.permutation;
  const boot = v.tests.bootstrap;
  const mc = v.tests.monte_carlo;
  const wf = v.walk_forward;
  const sharpeCi = boot?.intervals?.sharpe;
  const p = (x: number | null | undefined) => formatPct(x, 1);
  return (
    <ul class="validation" aria-label="Validation">
      <Line
        name="PSR"
        value={p(psr)}
        meaning={psr === null
          ? "undefined for this return series"
          : `chance the true Sharpe ratio is above 0, given the track record's length, skew and fat tails`}
      />
      <Line
        name={`DSR (${dsr.trials} ${dsr.trials === 1 ? "trial" : "trials"})`}
        value={p(dsr.probability)}
        meaning={`the same chance after deflating for the best of ${dsr.trials} configuration${
          dsr.trials === 1 ? "" : "s"
        } tried on this dataset; below 95 % the edge may be selection luck`}
      />
      {perm
        ? (
          <Line
            name="Permutation p"
            value={formatNumber(perm.p_value, 3)}
            meaning={`${p(perm.p_value)} of ${perm.trials} shuffled price paths do as well; ${
              perm.p_value < 0.05 ? "unlikely to be luck" : "consistent with luck"
            }`}
          />
        )
        : null}
      {sharpeCi
        ? (
          <Line
            name="Bootstrap 95 %"
            value={`${formatNumber(sharpeCi.lower, 2)} … ${formatNumber(sharpeCi.upper, 2)}`}
            meaning={`range of the Sharpe ratio over ${boot!.trials} resampled histories; ${
              sharpeCi.lower > 0 || sharpeCi.upper < 0
                ? "it excludes 0"
                : "it contains 0, so the Sharpe is not distinguishable from 0"
            }`}
          />
        )
        : null}
      {mc
        ? (
          <Line
            name="Monte Carlo"
            value={formatUsd(mc.final_equity.quantiles.p50, 0)}
            meaning={`median final equity with extra random slippage (real ${
              formatUsd(mc.observed.final_equity, 0)
            }); ${p(mc.probability_of_loss)} of trials lose money`}
          />
        )
        : null}
      {wf && wf.degradation
        ? (
          <Line
            name="Walk-forward"
            value={`IS ${formatNumber(wf.degradation.mean_is_sharpe, 2)} / OOS ${
              formatNumber(wf.degradation.mean_oos_sharpe, 2)
            }`}
            meaning={`mean Sharpe in sample vs out of sample over ${wf.folds.length} folds; ${
              (wf.degradation.mean_oos_sharpe ?? 0) < (wf.degradation.mean_is_sharpe ?? 0)
                ? "it degrades on unseen data"
                : "it holds up on unseen data"
            }`}
          />
        )
        : null}
    </ul>
  );
}
