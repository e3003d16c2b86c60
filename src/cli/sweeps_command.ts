/**
 * @module
 * `hewston sweeps`: lists the sweeps of the catalog (the ones the API and `hewston sweep` made
 * alike); parses the command line and calls the action.
 */
import { Command, Option } from "commander";
import { RUN_STATUSES } from "../domain/ports.ts";
import {
  addCommonOptions,
  choiceArg,
  type CommonOptions,
  commonOptions,
  examples,
  intArg,
} from "./args.ts";

/** What `hewston sweeps` was asked to list. */
export interface SweepsListOptions extends CommonOptions {
  status?: (typeof RUN_STATUSES)[number];
  /** Page size. @default 50 */
  limit: number;
  /** Rows to skip. @default 0 */
  offset: number;
}

/** The `sweeps` command; `action` receives the parsed options. */
export function sweepsCommand(action: (o: SweepsListOptions) => Promise<number>): Command {
  const cmd = new Command("sweeps")
    .summary("list parameter sweeps")
    .description("Lists the sweeps in the catalog, newest first, with status and progress.")
    .addOption(
      new Option("--status <status>", `only sweeps in this status (${RUN_STATUSES.join(", ")})`)
        .argParser(choiceArg(RUN_STATUSES)),
    )
    .addOption(new Option("--limit <n>", "page size").default(50).argParser(intArg(1, 1000)))
    .addOption(
      new Option("--offset <n>", "rows to skip").default(0)
        .argParser(intArg(0, Number.MAX_SAFE_INTEGER)),
    );
  addCommonOptions(cmd, { json: "print the page as JSON (the document GET /sweeps answers)" })
    .addHelpText("after", examples(["hewston sweeps", "hewston sweeps --status DONE --json"]))
    .action(async (o, c: Command) => {
      await action({
        ...commonOptions(c, { json: true }),
        status: o.status,
        limit: o.limit,
        offset: o.offset,
      });
    });
  return cmd;
}
