/**
 * @module
 * `hewston dbn`: parses the command line into {@link DbnOptions} and calls the action.
 */
import { Command, Option } from "commander";
import {
  addCommonOptions,
  type CommonOptions,
  commonOptions,
  examples,
  intArg,
  UsageError,
} from "./args.ts";

/** What `hewston dbn` was asked to print. */
export interface DbnOptions extends CommonOptions {
  /** DBN files (.dbn or .dbn.zst, versions 1-3). */
  files: string[];
  /** At most this many records per file. @default Infinity */
  limit: number;
  /** `records`: one line per record; `metadata`: the metadata instead of the records. */
  print: "records" | "metadata";
  /** JSON lines, or CSV (a header, then one row per record). @default "json" */
  format: "json" | "csv";
  /** Prices as exact decimal strings, floats, or raw 1e-9 integers. @default "decimal" */
  px: "decimal" | "number" | "raw";
}

/** The `dbn` command; `action` receives the parsed options. */
export function dbnCommand(action: (o: DbnOptions) => Promise<number>): Command {
  const cmd = new Command("dbn")
    .summary("print DBN records as JSON lines or CSV (or the metadata)")
    .description(
      "Prints the records of each DBN file (.dbn or .dbn.zst, versions 1-3) as JSON lines, or " +
        "as CSV with --csv (a header, then one row per record; prices as in the JSON), like " +
        "Databento's own dbn CLI. --metadata prints the metadata instead of the records.",
    )
    .argument("<files...>", "DBN files")
    .addOption(new Option("--limit <n>", "at most N records per file")
      .argParser(intArg(0, Number.MAX_SAFE_INTEGER)))
    .option("--metadata", "print the metadata (one JSON line per file) instead of the records")
    .option("--csv", "CSV: a header line, then one row per record")
    .addOption(
      new Option("--px <mode>", "prices as exact decimal strings, floats, or raw 1e-9 integers")
        .choices(["decimal", "number", "raw"]).default("decimal"),
    );
  addCommonOptions(cmd, { json: "JSON lines (the default)" })
    .addHelpText(
      "after",
      examples([
        "hewston dbn trades.dbn.zst --limit 5 | jq .price",
        "hewston dbn tbbo.dbn.zst --csv > tbbo.csv",
        "hewston dbn trades.dbn.zst --metadata | jq .symbols",
      ]),
    )
    .action(async (files: string[], o, c: Command) => {
      const common = commonOptions(c, { json: true });
      if (o.csv && common.json) throw new UsageError("choose one of --csv and --json");
      if (o.csv && o.metadata) throw new UsageError("--metadata prints JSON; drop --csv");
      await action({
        ...common,
        files,
        limit: o.limit ?? Infinity,
        print: o.metadata ? "metadata" : "records",
        format: o.csv ? "csv" : "json",
        px: o.px,
      });
    });
  return cmd;
}
