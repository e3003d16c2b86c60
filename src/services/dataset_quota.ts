/**
 * @module
 * The size quota of a dataset build started through the API: what the build would write
 * into the data dir is estimated before any work starts, and a build above the limit is
 * refused (413 DATASET_TOO_LARGE) instead of filling the disk.
 *
 * - synthetic: weekdays × trades per day × 128 bytes (a 48-byte TRADES record and an 80-byte
 *   TBBO record per trade, written as real DBN files into the raw cache);
 * - local DBN files: their sizes (they are copied into the raw cache);
 * - Databento: unknown before the download; Databento's own limits and the request's date
 *   range bound it (not estimated here).
 */
import { HewstonError } from "../domain/errors.ts";
import type { DatasetSpec } from "../domain/ports.ts";
import { DEFAULT_TRADES_PER_DAY } from "../market/sources/synthetic.ts";

/** Default quota of one build: 2 GiB. */
export const DEFAULT_MAX_DATASET_BYTES = 2 * 1024 ** 3;

/** Raw bytes per synthetic trade: one TRADES and one TBBO record. */
const BYTES_PER_TRADE = 48 + 80;
const DAY_MS = 86_400_000;

/**
 * Estimated bytes a build of `spec` writes, or null when it cannot be known up front.
 * @param spec the dataset spec
 */
export async function estimateBuildBytes(spec: DatasetSpec): Promise<number | null> {
  const s = spec.source;
  switch (s.kind) {
    case "synthetic":
      return weekdays(spec.from, spec.to) * (s.tradesPerDay ?? DEFAULT_TRADES_PER_DAY) *
        BYTES_PER_TRADE;
    case "dbn": {
      let total = 0;
      for (const f of [...s.trades, ...s.tbbo]) total += (await Deno.stat(f)).size;
      return total;
    }
    case "csv":
    case "parquet":
      return (await Deno.stat(s.path)).size;
    default:
      return null;
  }
}

/**
 * Refuses a build whose estimated size is above `maxBytes`.
 * @throws {HewstonError} DATASET_TOO_LARGE (413) with the estimate and the limit
 */
export async function checkDatasetQuota(spec: DatasetSpec, maxBytes: number): Promise<void> {
  const bytes = await estimateBuildBytes(spec);
  if (bytes === null || bytes <= maxBytes) return;
  const mb = (n: number) => Math.ceil(n / 1024 ** 2);
  throw new HewstonError(
    "DATASET_TOO_LARGE",
    `this build would write about ${mb(bytes)} MB, above the limit of ${
      mb(maxBytes)
    } MB (serve --max-dataset-mb); narrow the date range or lower trades_per_day`,
    { status: 413, details: { estimated_bytes: bytes, max_bytes: maxBytes } },
  );
}

function weekdays(from: string, to: string): number {
  const a = Date.parse(from + "T00:00:00Z");
  const b = Date.parse(to + "T00:00:00Z");
  let n = 0;
  for (let t = a; t <= b; t += DAY_MS) {
    const d = new Date(t).getUTCDay();
    if (d !== 0 && d !== 6) n++;
  }
  return n;
}
