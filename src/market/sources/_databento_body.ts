/**
 * @module
 * Writes a Databento response body into the raw cache: through a temp file in the target
 * folder, hashed while it streams, renamed into place only once complete and recognised as
 * DBN, so an interrupted or rejected download never leaves a file under the final name (nor a
 * temp file behind).
 */

import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";
import { HewstonError } from "../../domain/errors.ts";

/** zstd frame magic, little-endian 0xFD2FB528. */
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
/** Uncompressed DBN starts with the ASCII letters `DBN`. */
const DBN_MAGIC = [0x44, 0x42, 0x4e];
const HEAD_BYTES = 4;

/** The body stream broke off (connection lost); the request may be retried. */
export class BodyReadError extends Error {
  /** @param cause the stream's error */
  constructor(cause: unknown) {
    super(`response body broke off: ${errorText(cause)}`, { cause });
    this.name = "BodyReadError";
  }
}

/** The cap of one download, and what it is for messages. */
export interface BodyLimit {
  maxBytes: number;
  /** E.g. `ESH1 trades 2020-12-28..2020-12-29`. */
  what: string;
}

/** Size and digest of a body written to the cache. */
export interface SavedBody {
  bytes: number;
  sha256: string;
}

/**
 * Streams `body` to `path` atomically.
 * @param body the response body
 * @param path final cache path; its folder is created when needed
 * @param onProgress called with the bytes written so far after every chunk
 * @param limit the download cap: past it nothing more is read and no file is left
 * @returns size and sha256 of the written file
 * @throws {HewstonError} `DATABENTO_BAD_RESPONSE` when the body is not DBN or zstd,
 *   `CACHE_WRITE_FAILED` when the file system refuses, `DOWNLOAD_TOO_LARGE` past the cap
 * @throws {BodyReadError} when the stream breaks off
 */
export async function saveBody(
  body: ReadableStream<Uint8Array> | null,
  path: string,
  onProgress?: (bytes: number) => void,
  limit: BodyLimit = { maxBytes: Infinity, what: "the download" },
): Promise<SavedBody> {
  if (body === null) throw badResponse(new Uint8Array(0));
  const reader = body.getReader();
  let tmp: string | null = null;
  let file: Deno.FsFile | null = null;
  try {
    const head = await readHead(reader);
    if (!startsWith(head, ZSTD_MAGIC) && !startsWith(head, DBN_MAGIC)) throw badResponse(head);
    const hash = createHash("sha256");
    let bytes = 0;
    const dir = dirname(path);
    const part = await cacheWrite(path, async () => {
      await Deno.mkdir(dir, { recursive: true });
      return await Deno.makeTempFile({ dir, prefix: `.${basename(path)}.`, suffix: ".part" });
    });
    tmp = part;
    const out = await cacheWrite(path, () => Deno.open(part, { write: true }));
    file = out;
    let chunk: Uint8Array | undefined = head;
    while (chunk !== undefined) {
      if (bytes + chunk.length > limit.maxBytes) throw tooLarge(limit, bytes + chunk.length);
      hash.update(chunk);
      const data: Uint8Array = chunk;
      await cacheWrite(path, () => writeAll(out, data));
      bytes += chunk.length;
      onProgress?.(bytes);
      chunk = await readChunk(reader);
    }
    await cacheWrite(path, () => out.sync());
    file = null;
    out.close();
    await cacheWrite(path, () => Deno.rename(part, path));
    tmp = null;
    return { bytes, sha256: hash.digest("hex") };
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  } finally {
    if (file !== null) closeQuietly(file);
    if (tmp !== null) await Deno.remove(tmp).catch(() => {});
  }
}

/** Reads until at least HEAD_BYTES are in hand or the body ends. */
async function readHead(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<Uint8Array> {
  let head = new Uint8Array(0);
  while (head.length < HEAD_BYTES) {
    const chunk = await readChunk(reader);
    if (chunk === undefined) return head;
    const joined = new Uint8Array(head.length + chunk.length);
    joined.set(head);
    joined.set(chunk, head.length);
    head = joined;
  }
  return head;
}

async function readChunk(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<Uint8Array | undefined> {
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return undefined;
      if (value.length > 0) return value;
    }
  } catch (err) {
    throw new BodyReadError(err);
  }
}

async function cacheWrite<T>(path: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    throw new HewstonError(
      "CACHE_WRITE_FAILED",
      `cannot write the raw cache file ${path}: ${errorText(err)}`,
      { status: 500, cause: err },
    );
  }
}

async function writeAll(file: Deno.FsFile, data: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < data.length) offset += await file.write(data.subarray(offset));
}

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= HEAD_BYTES && magic.every((byte, i) => head[i] === byte);
}

/**
 * The error of a download past its cap (413, never retried).
 * @param limit the cap
 * @param bytes bytes declared or received when it was passed
 */
export function tooLarge(limit: BodyLimit, bytes: number): HewstonError {
  const mb = (n: number) => (n / 1024 ** 2).toFixed(n < 1024 ** 2 ? 2 : 0);
  return new HewstonError(
    "DOWNLOAD_TOO_LARGE",
    `Databento download of ${limit.what} is larger than the cap of ${
      mb(limit.maxBytes)
    } MB (HEWSTON_DATABENTO_MAX_MB); stopped at ${
      mb(bytes)
    } MB and removed; narrow the date range or raise the cap`,
    { status: 413, details: { max_bytes: limit.maxBytes, bytes } },
  );
}

function badResponse(head: Uint8Array): HewstonError {
  const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");
  return new HewstonError(
    "DATABENTO_BAD_RESPONSE",
    `Databento answered 200 but the body is not DBN or zstd (starts with: ${shown || "nothing"})`,
    { status: 502 },
  );
}

function closeQuietly(file: Deno.FsFile): void {
  try {
    file.close();
  } catch {
    // already closed by a failed write; nothing left to release
  }
}

/** One-line text of any thrown value. */
export function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0];
}
