/**
 * @module
 * What crosses Redis between a sweep and its queue workers: the queue's name, the Redis URL
 * parsed into connection options, a sweep chunk as a machine-independent JSON task (dataset id
 * + bars sha256 + code hash, never a path), its rows as a lossless V8 serialisation (typed
 * arrays, NaN and -0 survive, so artifacts stay byte-identical), and errors as `CODE: message`.
 */
import { Buffer } from "node:buffer";
import { deserialize, serialize } from "node:v8";
import { HewstonError, ValidationError } from "../../src/domain/errors.ts";
import type { RunConfig } from "../../src/engine/run_config.ts";
import type { SweepRow } from "../../src/engine/sweep/mod.ts";
import type { SweepChunkTask } from "../../src/services/tasks.ts";

/** The BullMQ queue every Hewston sweep chunk goes through. */
export const QUEUE_NAME = "hewston-engine";

/** Connection options of ioredis, as BullMQ takes them. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

/**
 * `redis://[[user]:password@]HOST[:PORT][/DB]` → connection options.
 * @throws {ValidationError} for another scheme or a malformed URL
 */
export function parseRedisUrl(text: string): RedisConnection {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(`--queue must be redis://[:password@]HOST:PORT, got "${text}"`);
  }
  if (url.protocol !== "redis:" || !url.hostname) {
    throw new ValidationError(`--queue must be redis://[:password@]HOST:PORT, got "${text}"`);
  }
  const db = url.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new ValidationError(`--queue: the database must be a number, got "${db}"`);
  }
  const conn: RedisConnection = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : 6379,
  };
  if (url.username) conn.username = decodeURIComponent(url.username);
  if (url.password) conn.password = decodeURIComponent(url.password);
  if (db !== "") conn.db = Number(db);
  return conn;
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, "//***@");
}

/** A sweep chunk as it travels: only what any machine can resolve. */
export interface WireChunk {
  /** Code hash of the sweep's process; a worker with another one refuses the chunk. */
  code_hash: string;
  dataset_id: string;
  bars_parquet_sha256: string;
  base_config: RunConfig;
  /** The chunk's members only (not the whole grid). */
  members: Record<string, unknown>[];
  /** Index of `members[0]` in the sweep: rows are renumbered by it. */
  from: number;
  bars_per_year: number;
  blocks: number;
}

/** The wire form of `task`: its own members, no path. */
export function wireChunk(task: SweepChunkTask): WireChunk {
  return {
    code_hash: task.codeHash,
    dataset_id: task.datasetId,
    bars_parquet_sha256: task.barsSha256,
    base_config: task.baseConfig,
    members: task.members.slice(task.from, task.to),
    from: task.from,
    bars_per_year: task.barsPerYear,
    blocks: task.blocks,
  };
}

/** Sweep rows → base64 of their V8 serialisation. */
export function encodeRows(rows: SweepRow[]): string {
  return Buffer.from(serialize(rows)).toString("base64");
}

/** Inverse of {@link encodeRows}. */
export function decodeRows(text: string): SweepRow[] {
  return deserialize(Buffer.from(text, "base64")) as SweepRow[];
}

/** An error as a job's failure reason: `CODE: message`. */
export function failureReason(err: unknown): string {
  if (err instanceof HewstonError) return `${err.code}: ${err.message}`;
  const msg = err instanceof Error ? err.message.split("\n")[0] : String(err);
  return /^[A-Z][A-Z_]+: /.test(msg) ? msg : `INTERNAL: ${msg}`;
}

/** Inverse of {@link failureReason}. */
export function failureError(reason: string): HewstonError {
  const m = reason.match(/^([A-Z][A-Z_]+): (.*)$/s);
  const code = m?.[1] ?? "INTERNAL";
  const status = code === "CANCELLED" ? 409 : code === "VERSION_MISMATCH" ? 409 : 500;
  return new HewstonError(code, m?.[2] ?? reason, { status });
}

/** Redis key that tells workers to drop job `jobId`. */
export function cancelKey(jobId: string): string {
  return `${QUEUE_NAME}:cancel:${jobId}`;
}
