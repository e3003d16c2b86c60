/**
 * @module
 * The `hewston` command line: `serve`, `data`, `dbn`, `backtest`, `runs`, `verify`, `prune`.
 * Errors print one line (`hewston: …`) and exit non-zero; never a stack trace.
 */
import { errorLine } from "./src/domain/errors.ts";
import { backtestCommand } from "./src/cli/backtest_command.ts";
import { dataCommand } from "./src/cli/data_command.ts";
import { dbnCommand } from "./src/cli/dbn_command.ts";
import { runsCommand, verifyCommand } from "./src/cli/runs_command.ts";
import { pruneCommand } from "./src/cli/prune_command.ts";
import { serveCommand } from "./src/cli/serve_command.ts";
import { sweepCommand } from "./src/cli/sweep_command.ts";
import { VERSION } from "./src/version.ts";

const USAGE = `hewston ${VERSION} — local-first backtesting studio

Usage:
  hewston serve [--host H] [--port P]          API server (+ demo data on first start)
  hewston data --symbol S --from D --to D ...  build 1-minute bars from DBN / Databento / synthetic / CSV
  hewston data --demo                          build the DEMO dataset (one synthetic year)
  hewston dbn FILE... [--limit N] [--json]     print DBN metadata and records as JSON lines
  hewston backtest --dataset ID --strategy S   run a backtest (--param fast=20 --param slow=50 …)
  hewston sweep --dataset ID --strategy S --grid fast=5:50:5 --grid slow=20:200:10
                                               run a parameter grid on all cores (+ PBO)
  hewston runs [show ID]                       list runs, or show one with its metrics
  hewston verify RUN_ID                        re-run a stored run and check every artifact hash
  hewston prune [--keep N] [--json]            remove all but the newest N finished runs

Common options: --data-dir DIR (default $HEWSTON_DATA_DIR or ./data), --help
Run 'hewston COMMAND --help' for a command's options.`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  data: dataCommand,
  dbn: dbnCommand,
  backtest: backtestCommand,
  runs: runsCommand,
  verify: verifyCommand,
  sweep: sweepCommand,
  prune: pruneCommand,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === "help" || cmd === "--help" || cmd === "-h") {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === "--version" || cmd === "version") {
    console.log(`hewston ${VERSION}`);
    return 0;
  }
  const run = COMMANDS[cmd];
  if (!run) {
    console.error(`hewston: unknown command "${cmd}" (try hewston --help)`);
    return 2;
  }
  return await run(rest);
}

if (import.meta.main) {
  let code: number;
  try {
    code = await main(Deno.args);
  } catch (err) {
    console.error(`hewston: ${errorLine(err)}`);
    code = 1;
  }
  Deno.exit(code);
}
