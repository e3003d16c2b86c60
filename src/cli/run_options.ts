/**
 * @module
 * The run options shared by `hewston backtest` and `hewston sweep` (dataset, strategy and
 * its parameters, risk, execution and costs): their commander definitions and the typed
 * {@link RunOptions} they parse into.
 */
import { type Command, Option } from "commander";
import { choiceArg, jsonArg, keyValueArg, numberArg, UsageError } from "./args.ts";

/** The run a `backtest` or `sweep` command line describes. */
export interface RunOptions {
  /** A dataset id, or a symbol and date range (exactly one of the two). */
  dataset: { id: string } | { symbol: string; from: string; to: string };
  /** Strategy id, e.g. `sma_crossover`. */
  strategy: string;
  /** Strategy parameters from `--param K=V`. */
  params: Record<string, unknown>;
  /** Root seed; unset means the default. */
  seed?: number;
  /** Starting cash; unset means the default. */
  initialCash?: number;
  /** Risk model and its parameters; unset means the default model. */
  risk?: { model?: string; params: Record<string, unknown> };
  /** Fill price of the next bar. */
  fill?: "open" | "close" | "vwap";
  /** Fees in basis points of traded notional. */
  feesBps?: number;
  /** At most one slippage model. */
  slippage?:
    | { model: "k_spread"; k: number }
    | { model: "spread_pct"; pct: number }
    | { model: "participation_rate"; coefficient: number };
  /** Annual borrow cost on short notional, in basis points. */
  borrowBps?: number;
  /** Take short positions on -1 signals. */
  allowShort: boolean;
  /** Close the position at the last bar. */
  autoFlatten: boolean;
  /** The `--validation` JSON (tests to run). */
  validation?: unknown;
}

/** Adds the shared run options to a command. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option("--dataset <id>", "a READY dataset (or give --symbol, --from and --to)")
    .option("--symbol <symbol>", "symbol of the dataset (DEMO and TEST are built on demand)")
    .option("--from <date>", "first day, YYYY-MM-DD")
    .option("--to <date>", "last day, YYYY-MM-DD")
    .option("--strategy <id>", "strategy, e.g. sma_crossover or dual_sma (GET /strategies)")
    .addOption(
      new Option("--param <key=value>", "strategy parameter (repeatable), e.g. --param fast=20")
        .argParser(keyValueArg),
    )
    .addOption(new Option("--seed <n>", "root seed (default 42)").argParser(numberArg))
    .addOption(
      new Option("--initial-cash <amount>", "starting cash (default 100000)").argParser(numberArg),
    )
    .option("--risk <model>", "fixed_fraction (default) | volatility_target | kelly_fraction")
    .addOption(
      new Option("--risk-param <key=value>", "risk parameter (repeatable), e.g. target_vol=0.15")
        .argParser(keyValueArg),
    )
    .addOption(
      new Option("--fill <price>", "fill price of the next bar (default open)")
        .argParser(choiceArg(["open", "close", "vwap"] as const)),
    )
    .addOption(
      new Option("--fees-bps <bps>", "fees in basis points of traded notional")
        .argParser(numberArg),
    )
    .addOption(
      new Option("--k-spread <k>", "slippage = K × the bar's TBBO spread_mean").argParser(
        numberArg,
      ),
    )
    .addOption(
      new Option("--slippage-pct <pct>", "slippage = P % of the fill price").argParser(numberArg),
    )
    .addOption(
      new Option(
        "--participation <c>",
        "slippage = price × C × qty / bar volume (zero-volume bars skip)",
      ).argParser(numberArg),
    )
    .addOption(
      new Option("--borrow-bps <bps>", "annual borrow cost on short notional")
        .argParser(numberArg),
    )
    .option("--allow-short", "take short positions on -1 signals")
    .option("--no-auto-flatten", "keep the position open at the last bar")
    .addOption(
      new Option(
        "--validation <json>",
        `validation tests, e.g. '{"permutation":{"trials":1000}}' (PSR and DSR are always computed)`,
      ).argParser(jsonArg),
    );
}

/**
 * The typed run options from commander's parsed values.
 * @throws {UsageError} when the dataset or the strategy is missing, or two slippage models
 * are given
 */
// deno-lint-ignore no-explicit-any
export function runOptions(o: Record<string, any>): RunOptions {
  if (!o.strategy) throw new UsageError("--strategy is required (e.g. sma_crossover)");
  let dataset: RunOptions["dataset"];
  if (o.dataset !== undefined) {
    if (o.symbol || o.from || o.to) {
      throw new UsageError("give --dataset ID, or --symbol, --from and --to, not both");
    }
    dataset = { id: o.dataset };
  } else if (o.symbol && o.from && o.to) {
    dataset = { symbol: o.symbol, from: o.from, to: o.to };
  } else {
    throw new UsageError("give --dataset ID, or --symbol, --from and --to");
  }
  const slippages: NonNullable<RunOptions["slippage"]>[] = [];
  if (o.kSpread !== undefined) slippages.push({ model: "k_spread", k: o.kSpread });
  if (o.slippagePct !== undefined) slippages.push({ model: "spread_pct", pct: o.slippagePct });
  if (o.participation !== undefined) {
    slippages.push({ model: "participation_rate", coefficient: o.participation });
  }
  if (slippages.length > 1) {
    throw new UsageError(
      "choose one slippage model: --k-spread, --slippage-pct or --participation",
    );
  }
  return {
    dataset,
    strategy: o.strategy,
    params: o.param ?? {},
    seed: o.seed,
    initialCash: o.initialCash,
    risk: o.risk !== undefined || o.riskParam !== undefined
      ? { model: o.risk, params: o.riskParam ?? {} }
      : undefined,
    fill: o.fill,
    feesBps: o.feesBps,
    slippage: slippages[0],
    borrowBps: o.borrowBps,
    allowShort: o.allowShort ?? false,
    autoFlatten: o.autoFlatten ?? true,
    validation: o.validation,
  };
}
