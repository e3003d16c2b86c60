/**
 * @module
 * `hewston runs`, `hewston runs show RUN_ID` and `hewston verify RUN_ID`: parse the command
 * line into typed options and call the actions.
 */
import { RUN_STATUSES } from "../domain/ports.ts";
import { Command, Option } from "commander";
import {
  addCommonOptions,
  choiceArg,
  type CommonOptions,
  commonOptions,
  examples,
  intArg,
} from "./args.ts";

const STATUSES = RUN_STATUSES;

/** What `hewston runs` was asked to list. */
export interface RunsListOptions extends CommonOptions {
  symbol?: string;
  strategy?: string;
  status?: (typeof STATUSES)[number];
  /** Page size. @default 50 */
  limit: number;
  /** Rows to skip. @default 0 */
  offset: number;
  /** Sort column, `-` first for descending. @default "-created_at" */
  order: string;
}

/** A run id, for `hewston runs show` and `hewston verify`. */
export interface RunIdOptions extends CommonOptions {
  runId: string;
}

/** The `runs` command (with `runs show`); each action receives its parsed options. */
export function runsCommand(actions: {
  list: (o: RunsListOptions) => Promise<number>;
  show: (o: RunIdOptions) => Promise<number>;
}): Command {
  const cmd = new Command("runs")
    .summary("list runs, or show one with its metrics")
    .description("Lists the runs in the catalog, newest first unless --order says otherwise.")
    .option("--symbol <symbol>", "only runs on this symbol")
    .option("--strategy <id>", "only runs of this strategy")
    .addOption(
      new Option("--status <status>", `only runs in this status (${STATUSES.join(", ")})`)
        .argParser(choiceArg(STATUSES)),
    )
    .addOption(new Option("--limit <n>", "page size").default(50).argParser(intArg(1, 1000)))
    .addOption(
      new Option("--offset <n>", "rows to skip").default(0)
        .argParser(intArg(0, Number.MAX_SAFE_INTEGER)),
    )
    .option(
      "--order <column>",
      "sort column, '-' first for descending: created_at, sharpe, total_return, …",
      "-created_at",
    )
    // `runs --json show ID` and `runs show ID --json` both reach `show`.
    .enablePositionalOptions();
  addCommonOptions(cmd, { json: "print the page as JSON" })
    .addHelpText(
      "after",
      examples([
        "hewston runs --order -sharpe --limit 10",
        "hewston runs --symbol DEMO --status DONE --json",
        "hewston runs show RUN_ID",
      ]),
    )
    .action(async (o, c: Command) => {
      await actions.list({
        ...commonOptions(c, { json: true }),
        symbol: o.symbol,
        strategy: o.strategy,
        status: o.status,
        limit: o.limit,
        offset: o.offset,
        order: o.order,
      });
    });
  const show = new Command("show")
    .summary("one run with its metrics")
    .description("Shows one run: status, dataset, strategy, metrics and manifest hash.")
    .argument("<run_id>", "the run's id");
  addCommonOptions(show, { json: "print the run as JSON" })
    .addHelpText("after", examples(["hewston runs show RUN_ID --json"]))
    .action(async (runId: string, _o, c: Command) => {
      await actions.show({ ...commonOptions(c, { json: true }), runId });
    });
  cmd.addCommand(show);
  return cmd;
}

/** The `verify` command; `action` receives the parsed options. */
export function verifyCommand(action: (o: RunIdOptions) => Promise<number>): Command {
  const cmd = new Command("verify")
    .summary("re-run a stored run and check every artifact hash")
    .description(
      "Re-runs a stored run from its manifest and compares every artifact's sha256; exits 0 " +
        "when all reproduce, 1 otherwise.",
    )
    .argument("<run_id>", "the run's id");
  addCommonOptions(cmd, { json: "print the report as JSON" })
    .addHelpText("after", examples(["hewston verify RUN_ID", "hewston verify RUN_ID --json"]))
    .action(async (runId: string, _o, c: Command) => {
      await action({ ...commonOptions(c, { json: true }), runId });
    });
  return cmd;
}
