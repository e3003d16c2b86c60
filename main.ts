/**
 * @module
 * The `hewston` command line: `serve`, `data`, `dbn`, `backtest`, `sweep`, `runs`, `verify`,
 * `prune`, `worker` (see `src/cli/program.ts`). Errors print one line (`hewston: …`) and exit non-zero:
 * 2 for a malformed command line, 1 when the command failed; never a stack trace.
 */
import { runCli } from "./src/cli/program.ts";
import { printTimings } from "./src/cli/timings.ts";

// Everything above has loaded: the process's start-up and module load end here.
const mainAt = performance.now();

if (import.meta.main) {
  const code = await runCli(Deno.args);
  printTimings(mainAt);
  Deno.exit(code);
}
