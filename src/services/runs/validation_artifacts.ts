/**
 * @module
 * The validation stage of a run as artifacts: `validation_summary.json` (PSR, DSR and return
 * moments always; permutation, bootstrap, Monte Carlo and walk-forward results when the
 * run's `validation` block asks) and `validation_details.json` (per-trial distributions) when
 * a test ran. Pure given its inputs; the DSR's trial count and Sharpe variance come from the
 * catalog and are recorded in the run-manifest, so `verify` reproduces them.
 */
import type { Bars } from "../../domain/bars.ts";
import type { RunConfig } from "../../engine/run_config.ts";
import type { EngineOutput } from "../../engine/run_backtest.ts";
import { parseValidationConfig, runValidationWithDetails } from "../../engine/validation/mod.ts";
import { parseWalkForwardConfig, walkForward } from "../../engine/validation/walk_forward.ts";
import { tradingDayStarts } from "../../market/calendar/mod.ts";
import type { FolderWriter } from "../../store/artifact_folder.ts";

/** The Deflated Sharpe Ratio's inputs, as recorded in a run-manifest. */
export interface DsrInputs {
  trials: number;
  sharpeVariance: number | null;
  source: string;
}

/**
 * Computes the validation stage and writes its files through `w`.
 */
export async function writeValidationArtifacts(
  w: FolderWriter,
  bars: Bars,
  cfg: RunConfig,
  barsPerYear: number,
  out: EngineOutput,
  dsr: DsrInputs,
): Promise<void> {
  const vcfg = parseValidationConfig(cfg.validation);
  const dayStarts = vcfg.permutation?.within_day ? tradingDayStarts(bars.ts) : undefined;
  const { summary, details } = runValidationWithDetails(bars, cfg, barsPerYear, out, {
    dsr,
    dayStarts,
  });
  let walk: Record<string, unknown> | null = null;
  if (vcfg.walk_forward !== undefined) {
    const wf = walkForward(bars, cfg, parseWalkForwardConfig(vcfg.walk_forward), barsPerYear);
    walk = {
      folds: wf.folds.map((f) => ({
        index: f.index,
        train: [f.trainStart, f.trainEnd],
        test: [f.testStart, f.testEnd],
        params: f.params,
        is_sharpe: f.isSharpe,
        oos_sharpe: f.oosSharpe,
        oos_total_return: f.oosMetrics.total_return,
      })),
      candidates: wf.candidates.length,
      grid: wf.grid,
      oos: { start: wf.oos.start, end: wf.oos.end, metrics: wf.oos.metrics },
      degradation: {
        mean_is_sharpe: wf.degradation.meanIsSharpe,
        mean_oos_sharpe: wf.degradation.meanOosSharpe,
        ratio: wf.degradation.ratio,
        difference: wf.degradation.difference,
      },
    };
  }
  const deferred = summary.deferred.filter((d) => !(d === "walk_forward" && walk !== null));
  await w.json("validation_summary.json", {
    ...summary,
    deferred,
    ...(walk ? { walk_forward: walk } : {}),
    dsr_trials_source: dsr.source,
  });
  const detailEntries = Object.entries(details).filter(([, v]) => v !== undefined);
  if (detailEntries.length > 0) {
    const plain = JSON.parse(JSON.stringify(
      Object.fromEntries(detailEntries),
      (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v),
    ));
    await w.json("validation_details.json", plain);
  }
}
