/**
 * @module
 * `hewston prune`: parses the command line into {@link PruneOptions} and calls the action.
 */
import { Command, Option } from "commander";
import { addCommonOptions, type CommonOptions, commonOptions, examples, intArg } from "./args.ts";

/** What `hewston prune` was asked to remove. */
export interface PruneOptions extends CommonOptions {
  /** Finished runs to keep; unset means `HEWSTON_KEEP`, else 100. */
  keep?: number;
  /** Print what would be removed, remove nothing. */
  dryRun: boolean;
}

/** The `prune` command; `action` receives the parsed options. */
export function pruneCommand(action: (o: PruneOptions) => Promise<number>): Command {
  const cmd = new Command("prune")
    .summary("remove all but the newest N finished runs")
    .description(
      "Removes all but the newest N finished runs (DONE, ERROR, CANCELLED), rows and folders; " +
        "queued and running runs are never touched.",
    )
    .addOption(
      new Option("--keep <n>", "finished runs to keep (default: HEWSTON_KEEP, else 100; 0: none)")
        .argParser(intArg(0, 1_000_000)),
    )
    .option("--dry-run", "print what would be removed, remove nothing");
  addCommonOptions(cmd, { json: 'print {"keep", "removed", "kept", "dry_run"} as JSON' })
    .addHelpText("after", examples(["hewston prune --keep 20", "hewston prune --keep 0 --dry-run"]))
    .action(async (o, c: Command) => {
      await action({ ...commonOptions(c, { json: true }), keep: o.keep, dryRun: !!o.dryRun });
    });
  return cmd;
}
