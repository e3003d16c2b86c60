/**
 * @module
 * The run options shared by `hewston backtest` and `hewston sweep` turned into the POST
 * /backtests body — the same body the API accepts, which the run service resolves exactly as
 * it does for the API (dataset, defaults, canonical config).
 */
import type { BacktestBody } from "../services/runs/run_request.ts";
import type { RunOptions } from "./run_options.ts";

/**
 * The POST /backtests body the options describe. Options left out stay out of the body and
 * take the run defaults, so a CLI run and an API run of the same settings are one run.
 */
export function backtestBodyFromOptions(o: RunOptions): BacktestBody {
  const dataset = "id" in o.dataset
    ? { dataset_id: o.dataset.id }
    : { symbol: o.dataset.symbol, from: o.dataset.from, to: o.dataset.to };
  return {
    ...dataset,
    strategy_id: o.strategy,
    params: o.params,
    seed: o.seed,
    initial_cash: o.initialCash,
    risk: o.risk ? { model: o.risk.model ?? "fixed_fraction", ...o.risk.params } : undefined,
    execution: {
      fill_price: o.fill,
      fees_bps: o.feesBps,
      slippage: o.slippage,
      borrow_bps: o.borrowBps,
      auto_flatten: o.autoFlatten ? undefined : false,
      allow_short: o.allowShort ? true : undefined,
    },
    validation: o.validation as BacktestBody["validation"],
  };
}
