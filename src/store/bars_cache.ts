/**
 * @module
 * An in-process LRU of loaded bar sets, so warm runs (the same dataset again, in a warm
 * worker) skip the read. Keyed by dataset id and manifest hash: dataset ids are
 * content-derived, so a key always names the same bars. Bounded by total bytes. A miss reads
 * the dataset's `bars.columns` (no Parquet decoding), else decodes `bars.parquet` and writes
 * the columns file for the next process.
 */
import type { Bars } from "../domain/bars.ts";
import { readBarsColumns, writeBarsColumns } from "./bars_columns.ts";
import { readBarsParquet } from "./bars_parquet.ts";

/** Upper bound of cached bytes (≈ 30 symbol-years of regular-session minutes). */
const MAX_BYTES = 256 * 1024 * 1024;

const cache = new Map<string, { bars: Bars; bytes: number }>();
let total = 0;

/**
 * The bars at `path`, from the cache when `key` was loaded before. Callers must not modify
 * the returned arrays (the engine only reads bars).
 */
export async function loadBarsCached(path: string, key: string): Promise<Bars> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-insert: Map order is the LRU order
    cache.set(key, hit);
    return hit.bars;
  }
  const bars = await readBarsFile(path);
  const bytes = bars.length * 84;
  if (bytes <= MAX_BYTES) {
    cache.set(key, { bars, bytes });
    total += bytes;
    for (const [k, v] of cache) {
      if (total <= MAX_BYTES) break;
      cache.delete(k);
      total -= v.bytes;
    }
  }
  return bars;
}

/** The bars of the Parquet file at `path`, through its columns file. */
export async function readBarsFile(path: string): Promise<Bars> {
  const cached = await readBarsColumns(path);
  if (cached) return cached;
  const bars = await readBarsParquet(path);
  // A cache: a data dir that cannot take it (read-only, full) still reads its Parquet.
  await writeBarsColumns(path, bars).catch(() => {});
  return bars;
}
