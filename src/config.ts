/**
 * @module
 * Hewston's configuration: one {@link HewstonConfig} built from command-line flags, then the
 * environment, then the defaults (`domain/defaults.ts`). This is the only module of the product
 * that reads the environment; everything else receives the values it needs.
 *
 * | field | flag | environment | default |
 * | --- | --- | --- | --- |
 * | dataDir | `--data-dir` | `HEWSTON_DATA_DIR` | `./data` |
 * | host | `--host` | – | `127.0.0.1` |
 * | port | `--port` | – | `8000` |
 * | token | `--token` | `HEWSTON_TOKEN` | none |
 * | keep | `--keep` | `HEWSTON_KEEP` | `100` |
 * | workers | `--workers` | – | the machine's cores |
 * | workerIdleSeconds | `--worker-idle` | – | `60` |
 * | logLevel | `--log-level` | `HEWSTON_LOG_LEVEL` | `info` |
 * | corsOrigins | `--cors-origin` | – | none |
 * | databento | – | `DATABENTO_API_KEY`, `HEWSTON_DATABENTO_URL` | none (no downloads) |
 * | databento.maxDownloadBytes | – | `HEWSTON_DATABENTO_MAX_MB` | 2048 MB a file |
 * | queue | `--queue` (or `--queue-file`) | `HEWSTON_QUEUE` | none (sweeps on the local pool) |
 */
import { resolve } from "node:path";
import { ValidationError } from "./domain/errors.ts";
import type { DatabentoConfig } from "./domain/ports.ts";
import {
  DATABENTO_BASE_URL,
  DEFAULT_DATA_DIR,
  DEFAULT_DATABENTO_DATASET,
  DEFAULT_DATABENTO_MAX_MB,
  DEFAULT_HOST,
  DEFAULT_KEEP,
  DEFAULT_LOG_LEVEL,
  DEFAULT_PORT,
  DEFAULT_WORKER_IDLE_SECONDS,
  LOG_LEVELS,
  type LogLevel,
  MAX_KEEP,
} from "./domain/defaults.ts";

export type { DatabentoConfig };

/** Everything Hewston can be configured with. */
export interface HewstonConfig {
  /**
   * The data directory (absolute): catalog, raw cache, derived bars, run artifacts.
   * @default "./data"
   */
  dataDir: string;
  /**
   * Address `serve` binds; anything but loopback needs a token.
   * @default "127.0.0.1"
   */
  host: string;
  /**
   * Port `serve` listens on (0 picks a free one).
   * @default 8000
   */
  port: number;
  /**
   * Bearer token required on every request; unset on loopback means none.
   * @default undefined
   */
  token?: string;
  /**
   * Finished runs kept by retention (newest first).
   * @default 100
   */
  keep: number;
  /**
   * Worker pool size.
   * @default navigator.hardwareConcurrency (the machine's cores)
   */
  workers: number;
  /**
   * Seconds an idle worker is kept before its memory is given back.
   * @default 60
   */
  workerIdleSeconds: number;
  /**
   * Lowest level of log line written.
   * @default "info"
   */
  logLevel: LogLevel;
  /**
   * Origins allowed by CORS besides the served one and localhost dev servers.
   * @default []
   */
  corsOrigins: string[];
  /**
   * Databento access; null when no key is set (symbols are then built only from local data).
   * @default null
   */
  databento: DatabentoConfig | null;
  /**
   * Redis URL of the sweep queue (`redis://[:password@]HOST:PORT`); unset means sweeps run on
   * the local pool. The environment keeps a password off the command line (`ps`).
   * @default undefined
   */
  queue?: string;
}

/** Command-line values that override the environment and defaults; unset means not given. */
export interface ConfigFlags {
  dataDir?: string;
  host?: string;
  port?: number;
  token?: string;
  keep?: number;
  workers?: number;
  workerIdleSeconds?: number;
  logLevel?: string;
  corsOrigins?: string[];
  queue?: string;
}

/** An environment lookup: `Deno.env.get` in the product, a record in tests. */
export type EnvLookup = (name: string) => string | undefined;

/** The process environment (the one place the product reads it). */
export const processEnv: EnvLookup = (name) => Deno.env.get(name);

/**
 * Builds the configuration: each field from its flag, else its environment variable, else
 * its default.
 *
 * @param flags values given on the command line
 * @param env where to read environment variables
 * @returns the configuration, validated
 * @throws {ValidationError} naming the flag or variable of a bad value
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const cfg = loadConfig({ port: 9000 }, (k) => ({ HEWSTON_KEEP: "5" })[k]);
 * assert.equal(cfg.port, 9000);
 * assert.equal(cfg.keep, 5);
 * assert.equal(cfg.host, "127.0.0.1");
 * assert.equal(cfg.databento, null);
 * ```
 */
export function loadConfig(flags: ConfigFlags = {}, env: EnvLookup = processEnv): HewstonConfig {
  const logLevel = flags.logLevel ?? env("HEWSTON_LOG_LEVEL") ?? DEFAULT_LOG_LEVEL;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ValidationError(
      `log level must be one of ${LOG_LEVELS.join(", ")}, got "${logLevel}"`,
    );
  }
  return {
    dataDir: resolve(flags.dataDir || env("HEWSTON_DATA_DIR") || DEFAULT_DATA_DIR),
    host: flags.host ?? DEFAULT_HOST,
    port: flags.port ?? DEFAULT_PORT,
    token: flags.token || env("HEWSTON_TOKEN") || undefined,
    keep: flags.keep ?? keepFrom(env("HEWSTON_KEEP")),
    workers: flags.workers ?? (navigator.hardwareConcurrency || 2),
    workerIdleSeconds: flags.workerIdleSeconds ?? DEFAULT_WORKER_IDLE_SECONDS,
    logLevel: logLevel as LogLevel,
    corsOrigins: flags.corsOrigins ?? [],
    databento: databentoFrom(env),
    queue: flags.queue || env("HEWSTON_QUEUE")?.trim() || undefined,
  };
}

/** `HEWSTON_KEEP` as a count, or the default when unset. */
function keepFrom(text: string | undefined): number {
  if (text === undefined) return DEFAULT_KEEP;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > MAX_KEEP) {
    throw new ValidationError(
      `HEWSTON_KEEP must be a whole number from 0 to ${MAX_KEEP}, got "${text}"`,
    );
  }
  return n;
}

/** Databento settings, or null without a key. */
function databentoFrom(env: EnvLookup): DatabentoConfig | null {
  const apiKey = env("DATABENTO_API_KEY")?.trim();
  if (!apiKey) return null;
  const override = env("HEWSTON_DATABENTO_URL")?.trim().replace(/\/+$/, "");
  return {
    apiKey,
    baseUrl: override || DATABENTO_BASE_URL,
    dataset: DEFAULT_DATABENTO_DATASET,
    maxDownloadBytes: megabytes(env("HEWSTON_DATABENTO_MAX_MB"), "HEWSTON_DATABENTO_MAX_MB") ??
      DEFAULT_DATABENTO_MAX_MB * MB,
  };
}

const MB = 1024 * 1024;

/** A whole number of MB (1 to 10,000,000) as bytes, or undefined when unset. */
function megabytes(text: string | undefined, name: string): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 10_000_000) {
    throw new ValidationError(
      `${name} must be a whole number of MB from 1 to 10000000, got "${text}"`,
    );
  }
  return n * MB;
}

/**
 * The user's home folder (`HOME`), which error messages replace with `~`; undefined when unset
 * or when the process may not read the environment.
 * @param env where to read it
 */
export function homeDir(env: EnvLookup = processEnv): string | undefined {
  try {
    return env("HOME");
  } catch {
    return undefined; // no env permission: nothing to scrub
  }
}

/**
 * Whether the CLI prints its time breakdown (`HEWSTON_TIMINGS=1`, read by
 * `scripts/bench/cli_bench.ts`); false when unset or when the process may not read it.
 * @param env where to read it
 */
export function timingsWanted(env: EnvLookup = processEnv): boolean {
  try {
    return env("HEWSTON_TIMINGS") === "1";
  } catch {
    return false; // no env permission: no breakdown
  }
}
