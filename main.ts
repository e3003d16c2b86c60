/**
 * @module
 * The `hewston` command line: `serve`, `data`, `dbn`, `backtest`, `sweep`, `runs`, `verify`,
 * `prune`, `worker` (see `src/cli/program.ts`). Errors print one line (`hewston: …`) and exit non-zero:
 * 2 for a malformed command line, 1 when the command failed; never a stack trace.
 */
import { runCli } from "./src/cli/program.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args));
