/**
 * @module
 * Structured logs: one JSON line per call on stdout, with a level threshold
 * (`--log-level` / `HEWSTON_LOG_LEVEL`: debug, info, warn, error).
 */
import { ValidationError } from "../domain/errors.ts";

/** Structured log sink (one JSON line per call in production). */
export type LogFn = (
  level: "debug" | "info" | "warn" | "error",
  msg: string,
  fields?: Record<string, unknown>,
) => void;

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;

/** A log level name. */
export type LogLevel = keyof typeof LEVELS;

/**
 * Creates a logger writing JSON lines (`{ts, level, msg, ...fields}`) to `write`.
 * @throws {ValidationError} for an unknown level
 */
export function createLogger(
  level: string = "info",
  write: (line: string) => void = (line) => console.log(line),
): LogFn {
  if (!(level in LEVELS)) {
    throw new ValidationError(
      `log level must be one of ${Object.keys(LEVELS).join(", ")}, got "${level}"`,
    );
  }
  const min = LEVELS[level as LogLevel];
  return (lvl, msg, fields = {}) => {
    if (LEVELS[lvl] < min) return;
    write(JSON.stringify({ ts: new Date().toISOString(), level: lvl, msg, ...fields }));
  };
}
