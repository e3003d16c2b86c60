/**
 * @module
 * `hewston data`: parses the command line into {@link DataOptions} and calls the action.
 */
import { DEFAULT_SEED } from "../domain/defaults.ts";
import { Command, Option } from "commander";
import {
  addCommonOptions,
  type CommonOptions,
  commonOptions,
  examples,
  intArg,
  UsageError,
} from "./args.ts";

/** Where `hewston data` takes its input from. */
export type DataSourceOption =
  | { kind: "dbn"; paths: string[] }
  | { kind: "databento"; dataset?: string }
  | { kind: "synthetic"; seed: number }
  | { kind: "csv"; path: string }
  | { kind: "parquet"; path: string };

/** What `hewston data` was asked to build. */
export interface DataOptions extends CommonOptions {
  /** The DEMO dataset, or a symbol, date range and source. */
  build: "demo" | {
    symbol: string;
    from: string;
    to: string;
    source: DataSourceOption;
    /** 04:00-20:00 ET instead of the regular session. */
    extended: boolean;
  };
  /** Rebuild even when an identical READY dataset exists. */
  force: boolean;
}

const SOURCE_FLAGS = "--dbn, --databento, --synthetic, --csv or --parquet";

/** The `data` command; `action` receives the parsed options. */
export function dataCommand(action: (o: DataOptions) => Promise<number>): Command {
  const cmd = new Command("data")
    .summary("build 1-minute bars from DBN / Databento / synthetic / CSV / Parquet")
    .description(
      "Builds (or finds) a dataset of 1-minute bars: ingest and derive run in a Web Worker, " +
        "with progress on stderr. Give --demo, or --symbol, --from, --to and one source.",
    )
    .option("--demo", "build the DEMO dataset (2024, synthetic, seed 42)")
    .option("--symbol <symbol>", "instrument symbol, e.g. AAPL")
    .option("--from <date>", "first session day, YYYY-MM-DD")
    .option("--to <date>", "last session day, YYYY-MM-DD")
    .option("--dbn <paths...>", "local DBN files or folders (TRADES and TBBO, .dbn or .dbn.zst)")
    .option(
      "--databento [dataset]",
      "Databento historical API (needs DATABENTO_API_KEY; default dataset XNAS.ITCH)",
    )
    .option("--synthetic", "seeded synthetic TRADES + TBBO (symbols DEMO and TEST only)")
    .option("--csv <file>", "OHLCV candles from CSV (columns in the README)")
    .option("--parquet <file>", "OHLCV candles from Parquet (same columns)")
    .addOption(
      new Option("--seed <n>", "synthetic seed").default(DEFAULT_SEED).argParser(
        intArg(0, Number.MAX_SAFE_INTEGER),
      ),
    )
    .option("--extended", "extended hours (04:00-20:00 ET) instead of the regular session")
    .option("--force", "rebuild even when an identical READY dataset exists");
  addCommonOptions(cmd, { json: "print the summary as JSON" })
    .addHelpText(
      "after",
      examples([
        "hewston data --demo",
        "hewston data --symbol TEST --from 2024-01-02 --to 2024-03-29 --synthetic --seed 7",
        "hewston data --symbol AAPL --from 2024-01-02 --to 2024-01-31 --dbn trades.dbn.zst tbbo.dbn.zst",
        "DATABENTO_API_KEY=db-... hewston data --symbol AAPL --from 2024-01-02 --to 2024-01-31 --databento",
        "hewston data --symbol ACME --from 2024-01-02 --to 2024-01-05 --csv candles.csv --json",
      ]),
    )
    .action(async (o, c: Command) => {
      await action({
        ...commonOptions(c, { json: true }),
        build: build(o),
        force: o.force ?? false,
      });
    });
  return cmd;
}

// deno-lint-ignore no-explicit-any
function build(o: Record<string, any>): DataOptions["build"] {
  const sources: DataSourceOption[] = [];
  if (o.dbn) sources.push({ kind: "dbn", paths: o.dbn });
  if (o.databento !== undefined) {
    sources.push({ kind: "databento", dataset: o.databento === true ? undefined : o.databento });
  }
  if (o.synthetic) sources.push({ kind: "synthetic", seed: o.seed });
  if (o.csv !== undefined) sources.push({ kind: "csv", path: o.csv });
  if (o.parquet !== undefined) sources.push({ kind: "parquet", path: o.parquet });
  if (o.demo) {
    if (sources.length || o.symbol || o.from || o.to) {
      throw new UsageError("--demo takes no --symbol, --from, --to or source");
    }
    return "demo";
  }
  if (sources.length !== 1) throw new UsageError(`choose exactly one source: ${SOURCE_FLAGS}`);
  if (!o.symbol || !o.from || !o.to) {
    throw new UsageError("--symbol, --from and --to are required");
  }
  return { symbol: o.symbol, from: o.from, to: o.to, source: sources[0], extended: !!o.extended };
}
