/**
 * @module
 * `hewston backtest`: parses the command line into {@link BacktestOptions} and calls the
 * action.
 */
import { Command } from "commander";
import { addCommonOptions, type CommonOptions, commonOptions, examples } from "./args.ts";
import { addRunOptions, type RunOptions, runOptions } from "./run_options.ts";

/** What `hewston backtest` was asked to run. */
export interface BacktestOptions extends CommonOptions {
  /** The run. */
  run: RunOptions;
}

/** The `backtest` command; `action` receives the parsed options. */
export function backtestCommand(action: (o: BacktestOptions) => Promise<number>): Command {
  const cmd = new Command("backtest")
    .summary("run one backtest (in a Web Worker); print its metrics and artifact folder")
    .description(
      "Runs one backtest on a READY dataset (--dataset ID, or --symbol/--from/--to; DEMO and " +
        "TEST ranges are built on demand). The same inputs find the same run.",
    );
  addCommonOptions(addRunOptions(cmd), { json: "print the result as JSON" })
    .addHelpText(
      "after",
      examples([
        "hewston backtest --symbol DEMO --from 2024-01-01 --to 2024-12-31 --strategy sma_crossover \\",
        "  --param fast=20 --param slow=50 --seed 42 --k-spread 0.5 --fees-bps 1",
        "hewston backtest --dataset ID --strategy dual_sma --risk volatility_target --risk-param target_vol=0.15",
        `hewston backtest --dataset ID --strategy sma_crossover --validation '{"permutation":{"trials":200}}'`,
      ]),
    )
    .action(async (o, c: Command) => {
      await action({ ...commonOptions(c, { json: true }), run: runOptions(o) });
    });
  return cmd;
}
