/**
 * @module
 * Hewston's defaults, declared once: the run request's (seed, initial cash), retention's,
 * the server's and the data sources'. Every other module imports them from here; none repeats
 * a literal.
 */

/** Root seed of a run or synthetic dataset when none is given. */
export const DEFAULT_SEED = 42;

/** Starting cash of a run when none is given. */
export const DEFAULT_INITIAL_CASH = 100_000;

/** Finished runs retention keeps (newest first) when none is configured. */
export const DEFAULT_KEEP = 100;

/** The largest `keep` accepted. */
export const MAX_KEEP = 1_000_000;

/** The data directory, relative to the working directory, when none is configured. */
export const DEFAULT_DATA_DIR = "data";

/** Address `serve` binds by default: loopback only. */
export const DEFAULT_HOST = "127.0.0.1";

/** Port `serve` listens on by default. */
export const DEFAULT_PORT = 8000;

/** Seconds an idle pooled worker is kept by default. */
export const DEFAULT_WORKER_IDLE_SECONDS = 60;

/** Log levels, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;

/** One log level. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Log level by default. */
export const DEFAULT_LOG_LEVEL: LogLevel = "info";

/** The Databento dataset used when none is named (NASDAQ TotalView-ITCH). */
export const DEFAULT_DATABENTO_DATASET = "XNAS.ITCH";

/**
 * Largest Databento download Hewston writes, per file, in MB (`HEWSTON_DATABENTO_MAX_MB`):
 * 2 GiB, the API's dataset quota.
 */
export const DEFAULT_DATABENTO_MAX_MB = 2048;

/** Root of Databento's historical HTTP API. */
export const DATABENTO_BASE_URL = "https://hist.databento.com";

/** Symbols the synthetic source serves; it never fakes data for a real symbol. */
export const SYNTHETIC_SYMBOLS: readonly string[] = ["DEMO", "TEST"];

/**
 * Whether `symbol` is one the synthetic source serves (case-sensitive, as symbols are).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(isSyntheticSymbol("DEMO"), true);
 * assert.equal(isSyntheticSymbol("AAPL"), false);
 * ```
 */
export function isSyntheticSymbol(symbol: string): boolean {
  return SYNTHETIC_SYMBOLS.includes(symbol);
}
