/**
 * @module
 * `hewston dbn`: parses the command line into {@link DbnOptions} and calls the action.
 */
import { Command, Option } from "commander";
import { addCommonOptions, type CommonOptions, commonOptions, examples, intArg } from "./args.ts";

/** What `hewston dbn` was asked to print. */
export interface DbnOptions extends CommonOptions {
  /** DBN files (.dbn or .dbn.zst, versions 1-3). */
  files: string[];
  /** At most this many records per file. @default Infinity */
  limit: number;
  /** The metadata line only. */
  metadataOnly: boolean;
  /** Prices as exact decimal strings, floats, or raw 1e-9 integers. @default "decimal" */
  px: "decimal" | "number" | "raw";
}

/** The `dbn` command; `action` receives the parsed options. */
export function dbnCommand(action: (o: DbnOptions) => Promise<number>): Command {
  const cmd = new Command("dbn")
    .summary("print DBN metadata and records as JSON lines")
    .description(
      "Prints each DBN file (.dbn or .dbn.zst, versions 1-3) as JSON lines: first a line " +
        '{"metadata": …}, then one line per record, like Databento\'s own CLI.',
    )
    .argument("<files...>", "DBN files")
    .addOption(new Option("--limit <n>", "at most N records per file")
      .argParser(intArg(0, Number.MAX_SAFE_INTEGER)))
    .option("--metadata", "the metadata line only")
    .addOption(
      new Option("--px <mode>", "prices as exact decimal strings, floats, or raw 1e-9 integers")
        .choices(["decimal", "number", "raw"]).default("decimal"),
    );
  addCommonOptions(cmd, { json: "accepted for symmetry (the output is always JSON lines)" })
    .addHelpText(
      "after",
      examples([
        "hewston dbn trades.dbn.zst --limit 5",
        "hewston dbn tbbo.dbn.zst --px number | jq .bid_px_00",
      ]),
    )
    .action(async (files: string[], o, c: Command) => {
      await action({
        ...commonOptions(c, { json: true }),
        files,
        limit: o.limit ?? Infinity,
        metadataOnly: o.metadata ?? false,
        px: o.px,
      });
    });
  return cmd;
}
