/**
 * @module
 * Dataset records and build results as their wire documents (`domain/wire/datasets.ts`):
 * the one conversion from the catalog's camelCase records, used by the API and the CLI.
 */
import type { z } from "zod";
import type { DatasetBuildResult, DatasetRecord, DatasetSpec } from "../../domain/ports.ts";
import type { datasetBuild, DatasetView } from "../../domain/wire/datasets.ts";

/** A dataset row on the wire. */
export function datasetView(d: DatasetRecord): DatasetView {
  return {
    dataset_id: d.datasetId,
    symbol: d.symbol,
    from_date: d.fromDate,
    to_date: d.toDate,
    status: d.status,
    session: d.session,
    source_kind: d.sourceKind,
    bar_count: d.barCount,
    size_bytes: d.sizeBytes,
    products: d.products,
    calendar_version: d.calendarVersion,
    tz: d.tz,
    generated_at: d.generatedAt,
    manifest_sha256: d.manifestSha256,
    error: d.error,
    url: `/datasets/${d.datasetId}`,
  };
}

/** A dataset build's outcome on the wire (`hewston data --json`). */
export function datasetBuildView(r: DatasetBuildResult): z.output<typeof datasetBuild> {
  return {
    dataset: datasetView(r.dataset),
    reused: r.reused,
    records: {
      trades: r.records.trades,
      quotes: r.records.quotes,
      trades_outside_session: r.records.tradesOutsideSession,
    },
    bars: r.bars,
    parquet_bytes: r.parquetBytes,
    raw_bytes: r.rawBytes,
    elapsed_ms: r.elapsedMs,
  };
}

/** A build spec as its events record it (`queued` event of a dataset job). */
export function datasetSpecView(spec: DatasetSpec): Record<string, unknown> {
  const src = spec.source;
  const source = src.kind === "synthetic"
    ? {
      kind: src.kind,
      seed: src.seed,
      ...(src.tradesPerDay ? { trades_per_day: src.tradesPerDay } : {}),
    }
    : src;
  return {
    symbol: spec.symbol,
    from: spec.from,
    to: spec.to,
    source,
    extended_hours: spec.extendedHours ?? false,
  };
}
