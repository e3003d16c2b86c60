/**
 * @module
 * The one shape of `error.details` on the wire: an object whose optional `issues` lists
 * field-level problems as `{path, message}` (dotted path), beside any context fields of the
 * error (e.g. `preset_id`, `attempts`). Errors raised deep in the code carry details in a few
 * native forms (a list of issues, zod's issues with array paths); they are mapped here, once,
 * on the way out.
 */
import { ValidationError } from "../domain/errors.ts";

/** One field-level problem. */
export interface ErrorIssue {
  /** Dotted path of the field, e.g. `body.strategy.params.fast` (`""`: the whole value). */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** `error.details` as the API sends it. */
export interface ErrorDetails {
  /** Every field-level problem, when the error is about input fields. */
  issues?: ErrorIssue[];
  /** Context of the error (e.g. `preset_id` of a conflicting preset). */
  [field: string]: unknown;
}

/**
 * Details in their one wire shape; `undefined` stays absent.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(errorDetails([{ path: "fast", message: "too small" }]), {
 *   issues: [{ path: "fast", message: "too small" }],
 * });
 * assert.deepEqual(errorDetails({ issues: [{ path: ["risk", 0], message: "bad", code: "x" }] }), {
 *   issues: [{ path: "risk.0", message: "bad" }],
 * });
 * ```
 */
export function errorDetails(details: unknown): ErrorDetails | undefined {
  if (details === undefined || details === null) return undefined;
  if (Array.isArray(details)) return { issues: details.map(issue) };
  if (typeof details !== "object") return { value: details };
  const out: ErrorDetails = { ...(details as Record<string, unknown>) };
  if (Array.isArray(out.issues)) out.issues = out.issues.map(issue);
  return out;
}

/**
 * Runs `check` over a body (or part of one); a {@link ValidationError} it raises leaves with
 * every issue's path under `prefix`, so paths name the field from the request's root as
 * every route's do (`body.params.fast`, `body.config.risk.params.fraction`).
 * @param message rewrites the error's message (default: as is)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ValidationError } from "../domain/errors.ts";
 * assert.throws(
 *   () => underPath("body", () => {
 *     throw new ValidationError("params.fast: bad", { issues: [{ path: "params.fast", message: "bad" }] });
 *   }),
 *   (e: ValidationError) => (e.details as ErrorDetails).issues?.[0].path === "body.params.fast",
 * );
 * ```
 */
export function underPath<T>(
  prefix: string,
  check: () => T,
  message: (m: string) => string = (m) => m,
): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const details = errorDetails(err.details) ?? {};
    const issues = (details.issues ?? []).map((i) => ({
      path: i.path === "" ? prefix : `${prefix}.${i.path}`,
      message: i.message,
    }));
    throw new ValidationError(
      message(err.message),
      issues.length ? { ...details, issues } : err.details,
    );
  }
}

function issue(raw: unknown): ErrorIssue {
  if (!raw || typeof raw !== "object") return { path: "", message: String(raw) };
  const { path, message } = raw as { path?: unknown; message?: unknown };
  return {
    path: Array.isArray(path) ? path.map(String).join(".") : typeof path === "string" ? path : "",
    message: String(message ?? ""),
  };
}
