/**
 * @module
 * The bars of a READY dataset for the chart routes (`/candles`, `/features`), through the
 * shared bar cache (a chart pages through the same dataset), and time ranges over them; the
 * READY check is shared with the bars download route.
 */
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { DatasetRecord } from "../../domain/ports.ts";
import type { Bars } from "../../domain/bars.ts";
import { loadDatasetBars } from "../../store/dataset_files.ts";
import type { AppDeps } from "../deps.ts";

/**
 * A READY dataset and its bars.
 * @throws {NotFoundError} DATASET_NOT_FOUND; {@link HewstonError} DATASET_NOT_READY (409)
 */
export async function datasetBars(
  deps: AppDeps,
  datasetId: string,
): Promise<{ dataset: DatasetRecord; bars: Bars }> {
  const dataset = readyDataset(deps, datasetId);
  const bars = await loadDatasetBars(deps.dir, dataset);
  return { dataset, bars };
}

/**
 * The catalog row of a READY dataset.
 * @throws {NotFoundError} DATASET_NOT_FOUND; {@link HewstonError} DATASET_NOT_READY (409)
 */
export function readyDataset(deps: AppDeps, datasetId: string): DatasetRecord {
  const dataset = deps.catalog.getDataset(datasetId);
  if (!dataset) {
    throw new NotFoundError(
      "DATASET_NOT_FOUND",
      `dataset ${datasetId} not found; list datasets with GET /datasets`,
    );
  }
  if (dataset.status !== "READY") {
    throw new HewstonError("DATASET_NOT_READY", `dataset ${datasetId} is ${dataset.status}`, {
      status: 409,
    });
  }
  return dataset;
}

/**
 * The index range `[start, end)` of bars with `from <= ts <= to` (ts sorted ascending).
 * @param fromMs inclusive lower bound in UTC ms (-Infinity for none)
 * @param toMs inclusive upper bound in UTC ms (Infinity for none)
 */
export function barRange(ts: Float64Array, fromMs: number, toMs: number): [number, number] {
  return [lowerBound(ts, fromMs), lowerBound(ts, toMs, true)];
}

function lowerBound(ts: Float64Array, x: number, inclusive = false): number {
  let lo = 0;
  let hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < x || (inclusive && ts[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DAY_MS = 86_400_000;

/** A parsed `from`/`to` bound in UTC ms; a bare date covers its whole UTC day. */
export function bound(s: string | undefined, upper: boolean): number {
  if (s === undefined) return upper ? Infinity : -Infinity;
  const ms = Date.parse(s);
  return s.length === 10 && upper ? ms + DAY_MS - 1 : ms;
}
