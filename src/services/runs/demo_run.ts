/**
 * @module
 * The DEMO run the first `hewston serve` creates beside the DEMO dataset, so a new user's
 * first page has a finished run to open and play: sma_crossover 20/50 on the DEMO year with
 * the README's reference costs (half the spread, 1 bp fees) and a validation block.
 */
import type { DatasetSpec } from "../../domain/ports.ts";
import type { RunService, SubmitResult } from "./run_service.ts";

/** The request body of the DEMO run (the same as `POST /backtests` takes). */
export function demoRunRequest(demo: DatasetSpec): Record<string, unknown> {
  return {
    symbol: demo.symbol,
    from: demo.from,
    to: demo.to,
    strategy_id: "sma_crossover",
    params: { fast: 20, slow: 50 },
    seed: 42,
    slippage_fees: { k_spread: 0.5, fees_bps: 1 },
    validation: {
      permutation: { trials: 200 },
      bootstrap: {},
      monte_carlo: {},
      walk_forward: {},
    },
  };
}

/**
 * Submits the DEMO run (idempotent: the same inputs find the same run).
 * @returns what the submission did
 */
export function submitDemoRun(service: RunService, demo: DatasetSpec): Promise<SubmitResult> {
  return service.submit(demoRunRequest(demo));
}
