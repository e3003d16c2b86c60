/**
 * @module
 * Parameter schemas and parsing shared by indicators, strategies and risk models: number
 * schemas whose messages read well in one line, and {@link parseParams}, which turns a zod
 * failure into a {@link ValidationError} naming every bad field.
 */
import { z } from "zod";
import { ValidationError } from "../../domain/errors.ts";

/** One problem found in a parameter object, as carried in `ValidationError.details`. */
export interface ParamIssue {
  /** Dotted path of the field (`""` for the object itself). */
  path: string;
  /** What is wrong, e.g. `must be an integer ≥ 1`. */
  message: string;
}

/**
 * An integer parameter in `[min, max]`.
 *
 * @param min smallest allowed value
 * @param max largest allowed value (default: the largest safe integer)
 * @returns a zod schema whose messages say the allowed range
 */
export function integerParam(
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): z.ZodNumber {
  const range = max === Number.MAX_SAFE_INTEGER
    ? `an integer ≥ ${min}`
    : `an integer in [${min}, ${max}]`;
  return z.number({ error: (iss) => iss.input === undefined ? "is required" : `must be ${range}` })
    .int({ error: `must be ${range}` })
    .min(min, { error: `must be ${range}` })
    .max(max, { error: `must be ${range}` });
}

/**
 * A finite number parameter in `(min, max]` (`exclusiveMin`) or `[min, max]`.
 *
 * @param min lower bound
 * @param max upper bound (inclusive)
 * @param exclusiveMin whether `min` itself is refused
 * @returns a zod schema whose messages say the allowed range
 */
export function numberParam(min: number, max: number, exclusiveMin: boolean): z.ZodNumber {
  const range = `a number in ${exclusiveMin ? "(" : "["}${min}, ${max}]`;
  const base = z.number({
    error: (iss) => iss.input === undefined ? "is required" : `must be ${range}`,
  });
  return (exclusiveMin ? base.gt(min, { error: `must be ${range}` }) : base.min(min, {
    error: `must be ${range}`,
  })).max(max, { error: `must be ${range}` });
}

/**
 * Parses `raw` with `schema`, or throws one {@link ValidationError} listing every issue.
 *
 * @param schema the zod schema (defaults applied on success)
 * @param raw untrusted input
 * @param context what is being parsed, starts the message (e.g. `sma_crossover params`)
 * @returns the parsed value
 * @throws {ValidationError} `"<context>: <path>: <message> (got <value>); …"`, with
 *   {@link ParamIssue}s as details
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * assert.throws(
 *   () => parseParams(z.strictObject({ window: integerParam(1) }), { window: 0 }, "sma params"),
 *   { message: "sma params: window: must be an integer ≥ 1 (got 0)" },
 * );
 * ```
 */
export function parseParams<T>(schema: z.ZodType<T>, raw: unknown, context: string): T {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  const issues: ParamIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message + shownInput(issue),
  }));
  const text = issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`));
  throw new ValidationError(`${context}: ${text.join("; ")}`, issues);
}

/** ` (got 0)` for a primitive input worth echoing; nothing for objects and absent values. */
function shownInput(issue: z.core.$ZodIssue): string {
  if (!("input" in issue)) return "";
  const input = issue.input;
  if (typeof input === "number" || typeof input === "boolean") return ` (got ${String(input)})`;
  if (typeof input === "string") return ` (got ${JSON.stringify(input)})`;
  if (input === null) return " (got null)";
  return "";
}
