/**
 * @module
 * `hewston sweep`: parses the command line into {@link SweepOptions} and calls the action.
 */
import { Command, Option } from "commander";
import {
  addCommonOptions,
  collectArg,
  type CommonOptions,
  commonOptions,
  examples,
  intArg,
  UsageError,
} from "./args.ts";
import { addQueueOptions, type QueueFlags } from "./queue_option.ts";
import { addRunOptions, type RunOptions, runOptions } from "./run_options.ts";

/** What `hewston sweep` was asked to run. */
export interface SweepOptions extends CommonOptions {
  /** The base run; grid axes override its parameters. */
  run: RunOptions;
  /** Grid axes, `K=start:stop:step`, `K=a,b,c` or `K=value`. */
  grid: string[];
  /** Heatmap metric; unset means sharpe. */
  metric?: string;
  /** CSCV blocks for the PBO. @default 16 */
  blocks: number;
  /** Worker pool size; unset means one per core (with `queue`: the workers connected). */
  workers?: number;
  /** Where the queue URL comes from: the chunks then run on `hewston worker`s (BullMQ). */
  queue: QueueFlags;
}

/** The `sweep` command; `action` receives the parsed options. */
export function sweepCommand(action: (o: SweepOptions) => Promise<number>): Command {
  const cmd = new Command("sweep")
    .summary("run a parameter grid on all cores (+ PBO)")
    .description(
      "Runs every combination of a parameter grid on all cores; prints the best member, the " +
        "Probability of Backtest Overfitting and the artifact folder.",
    )
    .addOption(
      new Option(
        "--grid <key=spec>",
        "a grid axis (repeatable): start:stop:step (inclusive), a,b,c, or one value",
      ).argParser(collectArg),
    )
    .option("--metric <name>", "heatmap metric (default sharpe)")
    .addOption(
      new Option("--blocks <n>", "CSCV blocks for the Probability of Backtest Overfitting")
        .default(16).argParser(intArg(0, 1_000_000)),
    )
    .addOption(
      new Option("--workers <n>", "worker pool size (default: cores)").argParser(intArg(1, 256)),
    );
  addQueueOptions(cmd, "run the chunks on `hewston worker`s");
  addCommonOptions(addRunOptions(cmd), { json: "print the result as JSON" })
    .addHelpText(
      "after",
      examples([
        "hewston sweep --symbol DEMO --from 2024-01-01 --to 2024-12-31 --strategy sma_crossover \\",
        "  --grid fast=5:50:5 --grid slow=20:200:10 --k-spread 0.5 --fees-bps 1",
        "hewston sweep --dataset ID --strategy sma_crossover --grid fast=10,20 --grid slow=50 --json",
        "hewston sweep --dataset ID --strategy sma_crossover --grid fast=5:50 --grid slow=60 \\",
        "  --queue redis://127.0.0.1:6379   # chunks run on `hewston worker --queue …` processes",
        "HEWSTON_QUEUE=redis://:secret@10.0.0.5:6379 hewston sweep --dataset ID … --workers 8",
      ]),
    )
    .action(async (o, c: Command) => {
      if (!o.grid?.length) {
        throw new UsageError(
          "--grid is required, e.g. --grid fast=5:50:5 --grid slow=20:200:10",
        );
      }
      await action({
        ...commonOptions(c, { json: true }),
        run: runOptions(o),
        grid: o.grid,
        metric: o.metric,
        blocks: o.blocks,
        workers: o.workers,
        queue: { queue: o.queue, queueFile: o.queueFile },
      });
    });
  return cmd;
}
