/**
 * @module
 * The `hewston` command line: one commander program whose commands parse argv into typed
 * options and call their actions. A malformed command line exits 2, a command that fails
 * exits 1; either way stderr gets one line, `hewston: …`, never a stack trace.
 */
import { Command, CommanderError } from "commander";
import { VERSION } from "../version.ts";
import { addCommonOptions, commandPath, FAILURE_EXIT, USAGE_EXIT, UsageError } from "./args.ts";
import { backtestCommand, type BacktestOptions } from "./backtest_command.ts";
import { dataCommand, type DataOptions } from "./data_command.ts";
import { dbnCommand, type DbnOptions } from "./dbn_command.ts";
import { cliErrorLine } from "./error_line.ts";
import { pruneCommand, type PruneOptions } from "./prune_command.ts";
import {
  type RunIdOptions,
  runsCommand,
  type RunsListOptions,
  verifyCommand,
} from "./runs_command.ts";
import { serveCommand, type ServeOptions } from "./serve_command.ts";
import { sweepCommand, type SweepOptions } from "./sweep_command.ts";
import { sweepsCommand, type SweepsListOptions } from "./sweeps_command.ts";
import { workerCommand, type WorkerOptions } from "./worker_command.ts";

/** What each command does once its command line is parsed; each returns the exit code. */
export interface CliActions {
  serve(o: ServeOptions): Promise<number>;
  data(o: DataOptions): Promise<number>;
  dbn(o: DbnOptions): Promise<number>;
  backtest(o: BacktestOptions): Promise<number>;
  sweep(o: SweepOptions): Promise<number>;
  sweepsList(o: SweepsListOptions): Promise<number>;
  runsList(o: RunsListOptions): Promise<number>;
  runsShow(o: RunIdOptions): Promise<number>;
  verify(o: RunIdOptions): Promise<number>;
  prune(o: PruneOptions): Promise<number>;
  worker(o: WorkerOptions): Promise<number>;
}

/** Loads an action's module, measured as the "action load" of `HEWSTON_TIMINGS`. */
async function action<M>(load: () => Promise<M>): Promise<M> {
  const start = performance.now();
  const m = await load();
  performance.measure("hewston:action load", { start });
  return m;
}

/**
 * The real actions, each loaded on first use so a command only pays for the modules it
 * needs (`dbn` never opens SQLite, `--help` loads no action at all).
 */
export const ACTIONS: CliActions = {
  serve: async (o) => (await action(() => import("./serve_action.ts"))).serveAction(o),
  data: (o) =>
    asWriter("data", o, async () => (await action(() => import("./data_action.ts"))).dataAction(o)),
  dbn: async (o) => (await action(() => import("./dbn_action.ts"))).dbnAction(o),
  backtest: (o) =>
    asWriter(
      "backtest",
      o,
      async () => (await action(() => import("./backtest_action.ts"))).backtestAction(o),
    ),
  sweep: (o) =>
    asWriter(
      "sweep",
      o,
      async () => (await action(() => import("./sweep_action.ts"))).sweepAction(o),
    ),
  sweepsList: async (o) => (await action(() => import("./sweeps_action.ts"))).sweepsListAction(o),
  runsList: async (o) => (await action(() => import("./runs_action.ts"))).runsListAction(o),
  runsShow: async (o) => (await action(() => import("./runs_action.ts"))).runsShowAction(o),
  verify: async (o) => (await action(() => import("./runs_action.ts"))).verifyAction(o),
  prune: (o) =>
    asWriter(
      "prune",
      o,
      async () => (await action(() => import("./prune_action.ts"))).pruneAction(o),
    ),
  worker: async (o) => (await action(() => import("./worker_action.ts"))).workerAction(o),
};

/**
 * Runs a command that writes to the data dir while holding the dir's shared command lock:
 * refused with one line while a server holds the dir (`store/data_dir_lock.ts`).
 */
async function asWriter(
  command: string,
  o: { dataDir?: string },
  run: () => Promise<number>,
): Promise<number> {
  const { ensureDataDir, resolveDataDir } = await import("../store/data_dir.ts");
  const { lockForCommand } = await import("../store/data_dir_lock.ts");
  const { loadConfig } = await import("../config.ts");
  const dir = resolveDataDir(loadConfig({ dataDir: o.dataDir }).dataDir);
  await ensureDataDir(dir);
  const lock = await lockForCommand(dir, command);
  try {
    return await run();
  } finally {
    lock.release();
  }
}

/** Where the program writes: stdout for help and results, stderr for errors. */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

const enc = new TextEncoder();
const STDIO: CliOutput = {
  out: (t) => writeAll(Deno.stdout, t),
  err: (t) => writeAll(Deno.stderr, t),
};

/**
 * Runs the command line `argv` (without the program name) and returns the exit code:
 * 0 on success, 2 for a malformed command line, 1 when the command failed (or what the
 * action returned, e.g. `verify` reports 1 for a mismatch).
 */
export async function runCli(
  argv: string[],
  actions: CliActions = ACTIONS,
  io: CliOutput = STDIO,
): Promise<number> {
  if (wantsVersion(argv)) {
    io.out(await versionLine() + "\n");
    return 0;
  }
  let code = 0;
  const program = buildProgram(wrap(actions, (c) => (code = c)), io);
  let leaf: Command = program;
  program.hook("preAction", (_program, command) => {
    leaf = command;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (err) {
    if (err instanceof CommanderError && err.code === "commander.helpDisplayed") return 0;
    const usage = err instanceof UsageError || err instanceof CommanderError;
    io.err(`hewston: ${usage ? usageLine(err as Error, leaf) : cliErrorLine(err)}\n`);
    return usage ? USAGE_EXIT : FAILURE_EXIT;
  }
}

/** `hewston 0.2.0 (code <sha256 of the result-determining sources>, deno 2.9.6)`. */
export async function versionLine(): Promise<string> {
  const { codeVersion } = await import("../store/code_version.ts");
  const { codeHash } = await codeVersion();
  return `hewston ${VERSION} (code ${codeHash}, deno ${Deno.version.deno})`;
}

/** The commander program with every command, wired to `actions`. */
export function buildProgram(actions: CliActions, io: CliOutput = STDIO): Command {
  const program = new Command("hewston")
    .description(`hewston ${VERSION} — local-first backtesting studio`)
    .usage("[--data-dir DIR] [--json] COMMAND [options]")
    .option("-V, --version", "print the version, the code hash and the Deno version")
    // Options before the command name belong to the program, after it to the command.
    .enablePositionalOptions();
  addCommonOptions(program, { json: "machine-readable output (commands that have it)" });
  program
    .addCommand(serveCommand(actions.serve))
    .addCommand(dataCommand(actions.data))
    .addCommand(dbnCommand(actions.dbn))
    .addCommand(backtestCommand(actions.backtest))
    .addCommand(sweepCommand(actions.sweep))
    .addCommand(sweepsCommand(actions.sweepsList))
    .addCommand(runsCommand({ list: actions.runsList, show: actions.runsShow }))
    .addCommand(verifyCommand(actions.verify))
    .addCommand(pruneCommand(actions.prune))
    .addCommand(workerCommand(actions.worker))
    .addHelpText(
      "after",
      "\nRun 'hewston COMMAND --help' for a command's options and examples.",
    );
  configure(program, io);
  return program;
}

/** Every command writes through `io` and throws instead of exiting. */
function configure(cmd: Command, io: CliOutput): void {
  cmd
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // Plain text, and no environment reads (the launcher grants only Hewston's variables).
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      getOutHelpWidth: () => terminalColumns(Deno.stdout),
      getErrHelpWidth: () => terminalColumns(Deno.stderr),
      // runCli prints the one-line error itself.
      outputError: () => {},
    })
    .showSuggestionAfterError(true)
    .exitOverride((err) => {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") throw err;
      if (err.code === "commander.help") {
        // `hewston` alone: the help went to stderr; a usage error all the same.
        throw new UsageError(`missing command (try ${commandPath(cmd)} --help)`);
      }
      throw new UsageError(`${tidy(err.message)} (see ${commandPath(cmd)} --help)`);
    });
  for (const sub of cmd.commands) configure(sub, io);
}

/**
 * Commander's "error: …" as Hewston says it: no prefix, suggestions on the same line, and
 * a bad value as `--keep must be …, got "-1"`.
 */
function tidy(message: string): string {
  const line = message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
  const bad = line.match(
    /^option '(-[\w-]+)(?:, (--[\w-]+))?(?: [<[][^>\]]*[>\]])?' argument '(.*)' is invalid\. (.*?)\.?$/,
  );
  if (!bad) return line;
  const [, flag, long, value, why] = bad;
  return `${long ?? flag} ${why.charAt(0).toLowerCase()}${why.slice(1)}, got "${value}"`;
}

/** A usage error's line, pointing at the help of the command it came from. */
function usageLine(err: Error, leaf: Command): string {
  const line = tidy(err.message);
  return line.endsWith("--help)") ? line : `${line} (see ${commandPath(leaf)} --help)`;
}

/** `--version`/`-V` before any command name (after one it is the command's business). */
function wantsVersion(argv: string[]): boolean {
  for (const a of argv) {
    if (a === "--version" || a === "-V") return true;
    if (!a.startsWith("-")) return false;
  }
  return false;
}

/** Wraps each action so the program learns its exit code. */
function wrap(actions: CliActions, exit: (code: number) => void): CliActions {
  const out = {} as Record<string, (o: never) => Promise<number>>;
  for (const [name, fn] of Object.entries(actions)) {
    out[name] = async (o: never) => {
      const code = await (fn as (o: never) => Promise<number>)(o);
      exit(code);
      return code;
    };
  }
  return out as unknown as CliActions;
}

/** Help wraps at the terminal's width; 100 columns when piped. */
function terminalColumns(file: { isTerminal(): boolean }): number {
  if (!file.isTerminal()) return 100;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 100;
  }
}

function writeAll(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = enc.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(file.writeSync(bytes));
}
