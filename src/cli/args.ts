/**
 * @module
 * Argument parsers shared by the `hewston` commands: commander `argParser`s for numbers and
 * `KEY=VALUE` pairs, and the usage error a command's options object may throw. A bad command
 * line exits 2; a command that runs and fails exits 1.
 */
import { type Command, InvalidArgumentError } from "commander";
import { HewstonError } from "../domain/errors.ts";

/** Exit code of a malformed command line (unknown option, bad value, missing argument). */
export const USAGE_EXIT = 2;
/** Exit code of a command that ran and failed. */
export const FAILURE_EXIT = 1;

/** A command line that does not describe a valid command (exit {@link USAGE_EXIT}). */
export class UsageError extends HewstonError {
  /** @param message what is wrong with the command line, one line */
  constructor(message: string) {
    super("USAGE_ERROR", message, { status: 400 });
    this.name = "UsageError";
  }
}

/**
 * A commander `argParser` for a whole number within `[min, max]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(intArg(0, 10)("7"), 7);
 * assert.throws(() => intArg(0, 10)("-1"));
 * ```
 */
export function intArg(min: number, max: number): (text: string) => number {
  return (text) => {
    const n = Number(text);
    if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

/**
 * A commander `argParser` for any finite number (negative ones included).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(numberArg("-0.5"), -0.5);
 * ```
 */
export function numberArg(text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) throw new InvalidArgumentError("must be a number");
  return n;
}

/**
 * A commander `argParser` for a repeatable `KEY=VALUE` option: values that look like numbers
 * or booleans become them; each occurrence adds to the record.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(keyValueArg("fast=-5", { a: true }), { a: true, fast: -5 });
 * ```
 */
export function keyValueArg(
  text: string,
  previous: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError("takes KEY=VALUE");
  const k = text.slice(0, eq);
  const v = text.slice(eq + 1);
  const value = v === "true"
    ? true
    : v === "false"
    ? false
    : v.trim() !== "" && Number.isFinite(Number(v))
    ? Number(v)
    : v;
  return { ...previous, [k]: value };
}

/** A commander `argParser` that collects a repeatable option's values in order. */
export function collectArg(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), text];
}

/**
 * A commander `argParser` accepting one of `choices` (commander's own `choices()` prints
 * them too, but this keeps the message on one line with the option).
 */
export function choiceArg<T extends string>(choices: readonly T[]): (text: string) => T {
  return (text) => {
    if (!(choices as readonly string[]).includes(text)) {
      throw new InvalidArgumentError(`must be one of ${choices.join(", ")}`);
    }
    return text as T;
  };
}

/**
 * A commander `argParser` for a JSON value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(jsonArg('{"a":1}'), { a: 1 });
 * ```
 */
export function jsonArg(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidArgumentError("must be JSON");
  }
}

/** The options every command shares: the data dir, and `--json` where a command has it. */
export interface CommonOptions {
  /** `--data-dir DIR` (before or after the command name); unset means the default. */
  dataDir?: string;
  /** `--json`: print a machine-readable document instead of text. */
  json: boolean;
}

/**
 * Adds `--data-dir` (and `--json` when `json` describes it) to a command, so they are
 * accepted after the command name as well as before it.
 */
export function addCommonOptions(cmd: Command, opts: { json?: string } = {}): Command {
  cmd.option("--data-dir <dir>", "data directory (default: $HEWSTON_DATA_DIR, else ./data)");
  if (opts.json) cmd.option("--json", opts.json);
  return cmd;
}

/**
 * The common options of `cmd` merged with its parents' (the value nearest the command wins).
 * @throws {UsageError} when `--json` is given to a command that has no JSON output
 */
export function commonOptions(cmd: Command, opts: { json?: boolean } = {}): CommonOptions {
  let dataDir: string | undefined;
  let json = false;
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.opts();
    dataDir ??= o.dataDir;
    json ||= o.json === true;
  }
  if (json && !opts.json) throw new UsageError(`${cmd.name()} has no --json output`);
  return { dataDir, json };
}

/** `hewston runs show`: the command's full name. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Formats the examples block shown after a command's help. */
export function examples(lines: string[]): string {
  return `\nExamples:\n${lines.map((l) => `  ${l}`).join("\n")}\n`;
}
