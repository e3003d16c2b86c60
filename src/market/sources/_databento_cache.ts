/**
 * @module
 * Where a Databento download lives in the raw cache.
 *
 * Every part of a cache path that comes from the user is percent-encoded byte by byte outside
 * `A-Z a-z 0-9 . , -`, and a leading dot is encoded too. The name is therefore deterministic,
 * injective (two different requests never share a file, `_` stays a free separator) and can
 * hold no path separator, no `..` and no hidden name. Over-long parts (2,000 symbols) keep a
 * readable prefix plus a hash of the whole part.
 */

import { sha256Hex } from "../../domain/hash.ts";
import { join } from "node:path";

/** Longest encoded part kept verbatim; file names must stay under 255 bytes. */
const MAX_PART = 96;
const KEEP_PREFIX = 64;

/** The request fields a cached download is named after. */
export interface CacheKey {
  dataset: string;
  schema: string;
  symbols: readonly string[];
  start: string;
  end: string;
}

/**
 * Returns `cacheDir/<dataset>/<schema>/<SYMBOLS>_<start>_<end>.dbn.zst`, each part encoded.
 * @param cacheDir root of the raw cache
 * @param key the request fields
 * @returns the absolute or relative path (as `cacheDir` is)
 */
export function cachePath(cacheDir: string, key: CacheKey): string {
  const file = `${cachePart(key.symbols.join(","))}_${cachePart(key.start)}_${
    cachePart(key.end)
  }.dbn.zst`;
  return join(cacheDir, cachePart(key.dataset), cachePart(key.schema), file);
}

/**
 * Encodes one user-supplied string as a safe path component.
 * @param text any text
 * @returns the encoded component, e.g. `"2024-01-02T14%3A30Z"` for `"2024-01-02T14:30Z"`
 */
export function cachePart(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    out += isSafe(byte) ? String.fromCharCode(byte) : "%" + byte.toString(16).toUpperCase()
      .padStart(2, "0");
  }
  if (out.startsWith(".")) out = "%2E" + out.slice(1);
  if (out.length > MAX_PART) out = `${out.slice(0, KEEP_PREFIX)}~${sha256Hex(text).slice(0, 16)}`;
  return out;
}

function isSafe(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) || byte === 0x2e || byte === 0x2c || byte === 0x2d;
}
