/**
 * @module
 * A finished run's replay data, loaded once and shared by every playback session and series
 * request on that run: the bars from the dataset's bars.parquet (through the store's bars
 * cache), equity/drawdown/position per bar from the run's equity.parquet, and its fills from
 * fills.parquet, all columnar. Never re-runs the backtest. Cached per run (keyed by run id and
 * manifest hash), bounded by bytes, and evicted when the run is deleted.
 */
import { HewstonError, NotFoundError } from "../../domain/errors.ts";
import type { RunRecord } from "../../domain/ports.ts";
import { barsPerYear } from "../../market/calendar/mod.ts";
import { loadBarsCached } from "../../store/bars_cache.ts";
import type { SqliteCatalog } from "../../store/catalog_sqlite.ts";
import { type DataDir, safeJoin } from "../../store/data_dir.ts";
import { numericColumn, readParquet } from "../../store/parquet.ts";
import type { SqliteRuns } from "../../store/runs_sqlite.ts";

/** The fills of a run as columns, in bar order. `side` is +1 (buy) or -1 (sell). */
export interface ReplayFills {
  length: number;
  bar: Int32Array;
  side: Int8Array;
  /** Unsigned quantity. */
  qty: Float64Array;
  price: Float64Array;
  fee: Float64Array;
  slippage: Float64Array;
}

/** A DONE run's bars, curve and fills, columnar. Read-only for every user. */
export interface RunReplayData {
  runId: string;
  symbol: string;
  /** The run's bars per year (run-manifest.json `bars_per_year`): the unit of speed. */
  barsPerYear: number;
  /** Bars in the run. */
  length: number;
  /** Bar open times, UTC ms. */
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
  /** Equity, drawdown and position at each bar's close (aligned with the bars). */
  equity: Float64Array;
  drawdown: Float64Array;
  position: Float64Array;
  fills: ReplayFills;
  /** Fills at bar b are `[fillStart[b], fillStart[b + 1])` (length + 1 entries). */
  fillStart: Int32Array;
  /** Approximate bytes held (for the cache bound). */
  bytes: number;
}

/** What loading needs: the catalog stores and the data dir. */
export interface ReplayStores {
  dir: DataDir;
  catalog: SqliteCatalog;
  runs: SqliteRuns;
}

/**
 * The run `runId`, checked to be DONE.
 * @throws {NotFoundError} RUN_NOT_FOUND
 * @throws {HewstonError} RUN_NOT_DONE (409) while it is queued, running, failed or cancelled
 */
export function doneRun(s: ReplayStores, runId: string): RunRecord {
  const run = s.runs.getRun(runId);
  if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${runId} not found`);
  if (run.status !== "DONE") {
    throw new HewstonError(
      "RUN_NOT_DONE",
      `run ${runId} is ${run.status}; only a DONE run can be played back`,
      { status: 409 },
    );
  }
  return run;
}

/** Where a DONE run's replay data is read from: plain data, so a worker can load it. */
export interface ReplayInput {
  runId: string;
  symbol: string;
  session: "regular" | "extended";
  /** Absolute path of the dataset's bars.parquet. */
  barsPath: string;
  /** Bars cache key: dataset id and manifest hash. */
  barsKey: string;
  /** Absolute path of the run's folder. */
  folder: string;
}

/** Loads replay data from where a {@link ReplayInput} points (in this thread or a worker). */
export type ReplayLoader = (input: ReplayInput) => Promise<RunReplayData>;

/**
 * Where the DONE run `runId`'s replay data lives (catalog reads only).
 * @throws {HewstonError} RUN_NOT_FOUND, RUN_NOT_DONE, ARTIFACTS_NOT_FOUND (dataset gone)
 */
export function replayInput(s: ReplayStores, runId: string): ReplayInput {
  const run = doneRun(s, runId);
  const dataset = s.catalog.getDataset(run.datasetId);
  if (!dataset || dataset.barsParquet.length === 0) {
    throw new NotFoundError(
      "ARTIFACTS_NOT_FOUND",
      `dataset ${run.datasetId} of run ${runId} is gone`,
    );
  }
  return {
    runId,
    symbol: dataset.symbol,
    session: dataset.session,
    barsPath: safeJoin(s.dir.root, dataset.barsParquet[0]),
    barsKey: `${dataset.datasetId}:${dataset.manifestSha256}`,
    folder: safeJoin(s.dir.backtests, runId),
  };
}

/**
 * Reads and decodes a run's replay files, uncached (see {@link ReplayCache}). The Parquet
 * decoding is the CPU-heavy part, which the server does in a worker.
 * @throws {HewstonError} ARTIFACTS_NOT_FOUND (404), ARTIFACTS_MISMATCH (500)
 */
export async function loadReplayFiles(input: ReplayInput): Promise<RunReplayData> {
  const { runId, folder } = input;
  let equityBytes: Uint8Array, fillsBytes: Uint8Array, manifestText: string;
  try {
    [equityBytes, fillsBytes, manifestText] = await Promise.all([
      Deno.readFile(safeJoin(folder, "equity.parquet")),
      Deno.readFile(safeJoin(folder, "fills.parquet")),
      Deno.readTextFile(safeJoin(folder, "run-manifest.json")),
    ]);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new NotFoundError(
        "ARTIFACTS_NOT_FOUND",
        `run ${runId} has no artifacts folder any more`,
      );
    }
    throw err;
  }
  const bars = await loadBarsCached(input.barsPath, input.barsKey);
  const perYear = Number((JSON.parse(manifestText) as { bars_per_year?: unknown }).bars_per_year);
  const [equityTable, fillsTable] = await Promise.all([
    readParquet(equityBytes),
    readParquet(fillsBytes),
  ]);
  if (equityTable.numRows !== bars.length) {
    throw new HewstonError(
      "ARTIFACTS_MISMATCH",
      `run ${runId}: equity.parquet has ${equityTable.numRows} rows, the dataset ${bars.length} bars`,
      { status: 500 },
    );
  }
  const fills = fillColumns(fillsTable);
  return {
    runId,
    symbol: input.symbol,
    barsPerYear: Number.isFinite(perYear) && perYear > 0 ? perYear : barsPerYear(input.session),
    length: bars.length,
    ts: bars.ts,
    open: bars.open,
    high: bars.high,
    low: bars.low,
    close: bars.close,
    volume: bars.volume,
    equity: numericColumn(equityTable, "equity"),
    drawdown: numericColumn(equityTable, "drawdown"),
    position: numericColumn(equityTable, "position"),
    fills,
    fillStart: fillIndex(fills.bar, bars.length),
    // Bars are shared with the bars cache; count them anyway (they stay alive while cached here).
    bytes: bars.length * (9 * 8 + 4) + fills.length * 41,
  };
}

function fillColumns(table: Awaited<ReturnType<typeof readParquet>>): ReplayFills {
  const bar = Int32Array.from(numericColumn(table, "bar"));
  const signed = numericColumn(table, "qty");
  const n = bar.length;
  // Fills are written in bar order; a stable sort keeps any other file usable too.
  const order = Array.from({ length: n }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = bar[i - 1] <= bar[i];
  if (!sorted) order.sort((a, b) => bar[a] - bar[b] || a - b);
  const pick = (src: Float64Array) => Float64Array.from(order, (i) => src[i]);
  const price = numericColumn(table, "price");
  const fee = numericColumn(table, "fee");
  const slippage = numericColumn(table, "slippage");
  return {
    length: n,
    bar: Int32Array.from(order, (i) => bar[i]),
    side: Int8Array.from(order, (i) => (signed[i] >= 0 ? 1 : -1)),
    qty: Float64Array.from(order, (i) => Math.abs(signed[i])),
    price: pick(price),
    fee: pick(fee),
    slippage: pick(slippage),
  };
}

/** Prefix index of fills by bar: fills at bar b are `[start[b], start[b + 1])`. */
export function fillIndex(bar: Int32Array, bars: number): Int32Array {
  const start = new Int32Array(bars + 1);
  for (let i = 0; i < bar.length; i++) {
    const b = bar[i];
    if (b >= 0 && b < bars) start[b + 1]++;
  }
  for (let b = 0; b < bars; b++) start[b + 1] += start[b];
  return start;
}

/** Options of {@link ReplayCache}. */
export interface ReplayCacheOptions {
  /**
   * Upper bound of cached bytes.
   * @default 128 MiB
   */
  maxBytes?: number;
  /**
   * Loads a run's files (the server passes one that decodes in a worker).
   * @default {@link loadReplayFiles} in this thread
   */
  load?: ReplayLoader;
}

/**
 * Replay data per run, loaded once: concurrent requests share one load, entries are keyed by
 * run id and manifest hash (a re-made run is reloaded), least recently used ones go first.
 */
export class ReplayCache {
  readonly #s: ReplayStores;
  readonly #max: number;
  readonly #load: ReplayLoader;
  readonly #entries = new Map<
    string,
    { key: string; data: Promise<RunReplayData>; bytes: number }
  >();
  #total = 0;

  /** @param stores catalog and data dir */
  constructor(stores: ReplayStores, opts: ReplayCacheOptions = {}) {
    this.#s = stores;
    this.#max = opts.maxBytes ?? 128 * 1024 * 1024;
    this.#load = opts.load ?? loadReplayFiles;
  }

  /**
   * The replay data of the DONE run `runId`.
   * @throws {HewstonError} as {@link replayInput} and {@link loadReplayFiles}
   */
  get(runId: string): Promise<RunReplayData> {
    const run = doneRun(this.#s, runId);
    const key = `${runId}:${run.manifestHash}`;
    const hit = this.#entries.get(runId);
    if (hit && hit.key === key) {
      this.#entries.delete(runId); // re-insert: Map order is the LRU order
      this.#entries.set(runId, hit);
      return hit.data;
    }
    if (hit) this.evict(runId);
    let data: Promise<RunReplayData>;
    try {
      data = this.#load(replayInput(this.#s, runId));
    } catch (err) {
      data = Promise.reject(err);
    }
    const entry = { key, data, bytes: 0 };
    this.#entries.set(runId, entry);
    entry.data.then((d) => {
      if (this.#entries.get(runId) !== entry) return;
      entry.bytes = d.bytes;
      this.#total += d.bytes;
      for (const [id, e] of this.#entries) {
        if (this.#total <= this.#max || e === entry) break;
        this.evict(id);
      }
    }, () => {
      if (this.#entries.get(runId) === entry) this.#entries.delete(runId);
    });
    return entry.data;
  }

  /** Forgets a run (deleted, or pushed out by the bound). */
  evict(runId: string): void {
    const e = this.#entries.get(runId);
    if (!e) return;
    this.#entries.delete(runId);
    this.#total -= e.bytes;
  }

  /** Run ids cached now. */
  get runIds(): string[] {
    return [...this.#entries.keys()];
  }
}
