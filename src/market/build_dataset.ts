/**
 * @module
 * The MarketData adapter: turns a {@link DatasetSpec} into a READY dataset. Steps: resolve the
 * raw inputs (copy local DBN files into the raw cache, download from Databento, generate
 * synthetic files, or read candles), hash them, derive 1-minute bars, write
 * `derived/bars/<dataset_id>/bars.parquet` + `manifest.json`, and record the dataset row.
 *
 * Failure safety: the row is BUILDING while work runs; files are written into a
 * `<dataset_id>.building` folder that is renamed into place only when complete, so after
 * any failure the partial folder is removed, the row is ERROR, and nothing else changed.
 */
import { basename, join } from "node:path";
import { errorLine, HewstonError, ValidationError } from "../domain/errors.ts";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256File, sha256Hex } from "../domain/hash.ts";
import type {
  Catalog,
  DatabentoConfig,
  DatasetBuildResult,
  DatasetRecord,
  DatasetSpec,
  MarketData,
  Progress,
} from "../domain/ports.ts";
import {
  type DatasetManifest,
  datasetManifest,
  MANIFEST_SCHEMA_VERSION,
} from "../domain/manifests.ts";
import { writeBarsColumns } from "../store/bars_columns.ts";
import { decodeBarsParquet, encodeBarsParquet, readBarsParquet } from "../store/bars_parquet.ts";
import { type DataDir, exists, relToRoot, removeIfExists, safeJoin } from "../store/data_dir.ts";
import { refuseSymlinks } from "../store/no_symlinks.ts";
import { withStagedFolder } from "../store/artifact_folder.ts";
import type { Bars } from "../domain/bars.ts";
import { CALENDAR_TZ, CALENDAR_VERSION } from "./calendar/mod.ts";
import { datasetId, validateRange } from "./dataset_id.ts";
import type { QuotesRunner } from "./aggregate_quotes.ts";
import { deriveFromDbn } from "./derive_dbn.ts";
import { sessionBars } from "./session_bars.ts";
import { openDbn } from "./dbn/mod.ts";
import { Schema } from "./dbn/types.ts";
import { readCsvBars } from "./sources/csv_bars.ts";
import { downloadRange } from "./sources/databento.ts";
import {
  DEFAULT_DATABENTO_MAX_MB,
  DEFAULT_SEED,
  isSyntheticSymbol,
  SYNTHETIC_SYMBOLS,
} from "../domain/defaults.ts";
import { generateSynthetic } from "./sources/synthetic.ts";

/** The demo dataset built on first `serve` or by `hewston data --demo`. */
export const DEMO_SPEC: DatasetSpec = {
  symbol: "DEMO",
  from: "2024-01-01",
  to: "2024-12-31",
  source: { kind: "synthetic", seed: DEFAULT_SEED },
};

interface Input {
  role: "trades" | "tbbo" | "csv" | "parquet";
  path: string;
  /** The file the user named, when `path` is its copy in the raw cache (for messages). */
  origin?: string;
  sha256: string;
  size: number;
}

/** Local implementation of the {@link MarketData} port over one data dir and catalog. */
export class LocalMarketData implements MarketData {
  readonly #dir: DataDir;
  readonly #catalog: Catalog;
  readonly #databento: DatabentoConfig | null;
  readonly #runQuotes: QuotesRunner | undefined;

  /**
   * @param dir the data dir
   * @param catalog the catalog to record datasets in
   * @param opts `databento`: access to Databento's API (`HewstonConfig.databento`; null or
   *   unset: downloads are refused); `runQuotes`: where the TBBO half of a DBN derive runs
   *   (default: this thread)
   */
  constructor(
    dir: DataDir,
    catalog: Catalog,
    opts: { databento?: DatabentoConfig | null; runQuotes?: QuotesRunner } = {},
  ) {
    this.#dir = dir;
    this.#catalog = catalog;
    this.#databento = opts.databento ?? null;
    this.#runQuotes = opts.runQuotes;
  }

  /** @inheritdoc */
  async ensureDataset(
    input: DatasetSpec,
    opts: { onProgress?: (p: Progress) => void; force?: boolean } = {},
  ): Promise<DatasetBuildResult> {
    const t0 = performance.now();
    const progress = opts.onProgress ?? (() => {});
    const spec = { ...input, symbol: validateRange(input.symbol, input.from, input.to) };
    const inputs = await this.#resolveInputs(spec, progress);
    const id = datasetId(spec, inputs.map((i) => i.sha256), CALENDAR_VERSION);
    const finalDir = safeJoin(this.#dir.derivedBars, id);
    const existing = this.#catalog.getDataset(id);
    if (
      existing?.status === "READY" && !opts.force &&
      await exists(join(this.#dir.root, existing.barsParquet[0]))
    ) {
      return {
        dataset: existing,
        reused: true,
        records: { trades: 0, quotes: 0, tradesOutsideSession: 0 },
        bars: existing.barCount,
        parquetBytes: existing.sizeBytes,
        rawBytes: sum(inputs.map((i) => i.size)),
        elapsedMs: performance.now() - t0,
      };
    }

    const rawBytes = sum(inputs.map((i) => i.size));
    const row: DatasetRecord = {
      datasetId: id,
      symbol: spec.symbol,
      fromDate: spec.from,
      toDate: spec.to,
      products: inputs.some((i) => i.role === "trades") ? ["TRADES", "TBBO"] : ["OHLCV"],
      calendarVersion: CALENDAR_VERSION,
      tz: CALENDAR_TZ,
      rawDbn: inputs.filter((i) => i.role === "trades" || i.role === "tbbo")
        .map((i) => this.#rel(i.path)),
      barsParquet: [relToRoot(this.#dir, join(finalDir, "bars.parquet"))],
      barsManifestPath: relToRoot(this.#dir, join(finalDir, "manifest.json")),
      generatedAt: new Date().toISOString(),
      sizeBytes: 0,
      status: "BUILDING",
      sourceKind: spec.source.kind,
      session: spec.extendedHours ? "extended" : "regular",
      barCount: 0,
      manifestSha256: null,
      error: null,
    };
    // A forced rebuild of a READY dataset builds beside it and swaps at the end: until then
    // (and for ever, if the build fails or the process is killed) the old bars stay READY.
    const replacing = existing?.status === "READY";
    if (!replacing) this.#catalog.putDataset(row);
    try {
      // Staged beside the old folder and swapped in whole: a failed or killed build leaves
      // the old bars as they were. A link planted in the data dir would carry the writes out.
      const { value: { bars, counts, parquet, manifestText } } = await withStagedFolder(
        finalDir,
        async (w) => {
          const { bars, counts } = await this.#derive(spec, inputs, progress);
          if (bars.length === 0) {
            throw new HewstonError(
              "EMPTY_DATASET",
              `no ${spec.symbol} trades inside the ${row.session} session between ${spec.from} and ${spec.to}`,
              { status: 422 },
            );
          }
          progress({ stage: "write", done: 0, total: bars.length, message: "writing Parquet" });
          const parquet = await encodeBarsParquet(bars);
          await w.bytes("bars.parquet", parquet);
          // Runs read the bars from raw columns: exactly what decoding the Parquet gives.
          await writeBarsColumns(join(w.path, "bars.parquet"), await decodeBarsParquet(parquet));
          const manifest = datasetManifest.parse(
            buildManifest(id, spec, row, inputs, bars, counts, parquet),
          );
          const manifestText = canonicalJson(manifest, 2) + "\n";
          await w.bytes("manifest.json", manifestText);
          return { bars, counts, parquet, manifestText };
        },
        { root: this.#dir.root },
      );
      const ready: DatasetRecord = {
        ...row,
        status: "READY",
        sizeBytes: parquet.length,
        barCount: bars.length,
        manifestSha256: sha256Hex(manifestText),
      };
      this.#catalog.putDataset(ready);
      progress({ stage: "done", done: bars.length, total: bars.length });
      return {
        dataset: ready,
        reused: false,
        records: {
          trades: counts.trades,
          quotes: counts.quotes,
          tradesOutsideSession: counts.tradesOutsideSession,
        },
        bars: bars.length,
        parquetBytes: parquet.length,
        rawBytes,
        elapsedMs: performance.now() - t0,
      };
    } catch (err) {
      if (!replacing) this.#catalog.failDataset(id, errorLine(err));
      throw err;
    }
  }

  #rel(path: string): string {
    return path.startsWith(this.#dir.root + "/") ? relToRoot(this.#dir, path) : basename(path);
  }

  async #resolveInputs(spec: DatasetSpec, progress: (p: Progress) => void): Promise<Input[]> {
    const src = spec.source;
    switch (src.kind) {
      case "dbn":
        return await this.#localDbn(spec.symbol, src.trades, src.tbbo, progress);
      case "synthetic": {
        if (!isSyntheticSymbol(spec.symbol)) {
          throw new ValidationError(
            `the synthetic source serves only ${
              SYNTHETIC_SYMBOLS.join(" and ")
            }, not ${spec.symbol}`,
          );
        }
        const outDir = safeJoin(
          this.#dir.raw,
          "synthetic",
          `${spec.symbol}_${spec.from}_${spec.to}_seed${src.seed}` +
            (src.tradesPerDay ? `_tpd${src.tradesPerDay}` : ""),
        );
        const tradesPath = join(outDir, `${spec.symbol}.trades.dbn.zst`);
        const tbboPath = join(outDir, `${spec.symbol}.tbbo.dbn.zst`);
        if (!(await exists(tradesPath) && await exists(tbboPath))) {
          const tmp = outDir + ".building";
          await removeIfExists(tmp);
          await refuseSymlinks(this.#dir.root, tmp);
          try {
            await generateSynthetic({
              symbol: spec.symbol,
              from: spec.from,
              to: spec.to,
              seed: src.seed,
              outDir: tmp,
              tradesPerDay: src.tradesPerDay,
              onProgress: (done, total) =>
                progress({ stage: "generate", done, total, message: "synthetic days" }),
            });
            await removeIfExists(outDir);
            await Deno.rename(tmp, outDir);
          } catch (err) {
            await removeIfExists(tmp);
            throw err;
          }
        }
        return [await hashInput("trades", tradesPath), await hashInput("tbbo", tbboPath)];
      }
      case "databento": {
        const conf = this.#databento;
        if (!conf) {
          throw new HewstonError(
            "DATABENTO_KEY_MISSING",
            "set DATABENTO_API_KEY to download from Databento, or pass --dbn files / --csv candles",
            { status: 422 },
          );
        }
        const out: Input[] = [];
        for (const schema of ["trades", "tbbo"] as const) {
          const dl = await downloadRange({
            apiKey: conf.apiKey,
            baseUrl: conf.baseUrl,
            dataset: src.dataset,
            symbols: [spec.symbol],
            schema,
            start: spec.from,
            end: nextDate(spec.to),
            cacheDir: join(this.#dir.raw, "databento"),
            maxBytes: conf.maxDownloadBytes ?? DEFAULT_DATABENTO_MAX_MB * 1024 * 1024,
            onProgress: (bytes) =>
              progress({ stage: "download", done: bytes, total: 0, message: schema }),
          });
          out.push({ role: schema, path: dl.path, sha256: dl.sha256, size: dl.bytes });
        }
        return out;
      }
      case "csv":
        return [await hashInput("csv", src.path)];
      case "parquet":
        return [await hashInput("parquet", src.path)];
    }
  }

  /** Copies local DBN files into the raw cache (so later jobs find them) and hashes them. */
  async #localDbn(
    symbol: string,
    trades: string[],
    tbbo: string[],
    progress: (p: Progress) => void,
  ): Promise<Input[]> {
    if (trades.length === 0) {
      throw new ValidationError("no TRADES file among the --dbn inputs (bars need trades)");
    }
    const out: Input[] = [];
    const dest = safeJoin(this.#dir.raw, "dbn", symbol);
    await refuseSymlinks(this.#dir.root, dest);
    await Deno.mkdir(dest, { recursive: true });
    const all = [
      ...trades.map((p) => ["trades", p] as const),
      ...tbbo.map((p) => ["tbbo", p] as const),
    ].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
    let i = 0;
    for (const [role, path] of all) {
      progress({ stage: "ingest", done: i++, total: all.length, message: basename(path) });
      const h = await hashInput(role, path);
      const cached = join(dest, `${h.sha256.slice(0, 12)}_${basename(path)}`);
      // A planted link as the copy (or its temp name) would be read or written through.
      await refuseSymlinks(this.#dir.root, cached);
      if (!(await exists(cached))) {
        await removeIfExists(cached + ".tmp");
        await Deno.copyFile(path, cached + ".tmp");
        await Deno.rename(cached + ".tmp", cached);
      }
      out.push({ ...h, path: cached, origin: path });
    }
    return out;
  }

  async #derive(
    spec: DatasetSpec,
    inputs: Input[],
    progress: (p: Progress) => void,
  ): Promise<{ bars: Bars; counts: Counts }> {
    const first = inputs[0];
    if (first.role === "csv" || first.role === "parquet") {
      progress({ stage: "derive", done: 0, total: first.size, message: "reading candles" });
      const all = first.role === "csv"
        ? await readCsvBars(first.path, { file: basename(first.path) })
        : await readBarsParquet(first.path);
      // Candles may cover any span: keep exactly the session minutes derivation would make.
      const bars = sessionBars(all, spec.from, spec.to, spec.extendedHours ?? false);
      return {
        bars,
        counts: { trades: 0, quotes: 0, tradesOutsideSession: 0, quotesOutsideSession: 0 },
      };
    }
    // The metadata's symbol mappings say which instrument ids are this symbol's.
    const ids = new Set<number>();
    let restrict = true;
    for (const input of inputs) {
      const expect = input.role === "trades" ? Schema.TRADES : Schema.TBBO;
      const reader = await openDbn(input.path, { expectSchema: expect });
      const mine = instrumentIdsFor(reader.metadata, spec.symbol, input.path);
      reader.close();
      if (mine) { for (const id of mine) ids.add(id); }
      else restrict = false;
    }
    const file = (i: Input) => ({ path: i.path, label: i.origin ?? i.path, size: i.size });
    return await deriveFromDbn({
      trades: inputs.filter((i) => i.role === "trades").map(file),
      tbbo: inputs.filter((i) => i.role === "tbbo").map(file),
      from: spec.from,
      to: spec.to,
      extendedHours: spec.extendedHours ?? false,
      instrumentIds: restrict && ids.size > 0 ? ids : undefined,
      onProgress: progress,
      runQuotes: this.#runQuotes,
    });
  }
}

interface Counts {
  trades: number;
  quotes: number;
  tradesOutsideSession: number;
  quotesOutsideSession: number;
}

async function hashInput(role: Input["role"], path: string): Promise<Input> {
  try {
    const { sha256, size } = await sha256File(path);
    return { role, path, sha256, size };
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new ValidationError(`input file not found: ${path}`);
    }
    throw err;
  }
}

/**
 * Instrument ids the metadata maps `symbol` to, or null when the file does not say (then
 * every record counts). Throws when the file clearly holds other symbols only.
 */
function instrumentIdsFor(
  meta: { symbols: string[]; mappings: { rawSymbol: string; intervals: { symbol: string }[] }[] },
  symbol: string,
  path: string,
): Set<number> | null {
  if (meta.mappings.length === 0) return null;
  const mine = meta.mappings.filter((m) => m.rawSymbol.toUpperCase() === symbol);
  if (mine.length === 0) {
    const held = meta.mappings.map((m) => m.rawSymbol).join(", ");
    throw new ValidationError(`${basename(path)} holds ${held}, not ${symbol}`);
  }
  const ids = new Set<number>();
  for (const m of mine) {
    for (const iv of m.intervals) {
      const n = Number(iv.symbol);
      if (Number.isInteger(n)) ids.add(n);
    }
  }
  return ids.size > 0 ? ids : null;
}

function buildManifest(
  id: string,
  spec: DatasetSpec,
  row: DatasetRecord,
  inputs: Input[],
  bars: Bars,
  counts: Counts,
  parquet: Uint8Array,
): DatasetManifest {
  const src = spec.source;
  // The source's kind and the params that make it reproducible (paths are machine-local).
  const source = src.kind === "synthetic"
    ? {
      kind: src.kind,
      seed: src.seed,
      ...(src.tradesPerDay ? { trades_per_day: src.tradesPerDay } : {}),
    }
    : src.kind === "databento"
    ? { kind: src.kind, dataset: src.dataset }
    : { kind: src.kind };
  const byRole = (r: string) => inputs.filter((i) => i.role === r).map((i) => i.sha256);
  return {
    schema_version: MANIFEST_SCHEMA_VERSION,
    dataset_id: id,
    symbol: spec.symbol,
    interval: "1m",
    from_date: spec.from,
    to_date: spec.to,
    tz: CALENDAR_TZ,
    calendar_version: CALENDAR_VERSION,
    source,
    rebar_params: {
      clock: "NASDAQ",
      session_handling: "explicit-DST",
      session: row.session,
      timestamp: "ts_event",
      aggregation: src.kind === "csv" || src.kind === "parquet" ? "OHLCV import" : "TRADES→OHLCV",
      tbbo_agg: ["bid_mean", "ask_mean", "spread_mean"],
      gaps: "session minutes after the first trade; empty minutes carry the previous close",
    },
    inputs: inputs.map((i) => ({
      role: i.role,
      name: basename(i.path),
      sha256: i.sha256,
      size_bytes: i.size,
    })),
    input_hashes: {
      trades_dbn_sha256: byRole("trades"),
      tbbo_dbn_sha256: byRole("tbbo"),
      candles_sha256: [...byRole("csv"), ...byRole("parquet")],
    },
    output_hashes: { bars_parquet_sha256: sha256Hex(parquet) },
    outputs: [{ name: "bars.parquet", size_bytes: parquet.length, sha256: sha256Hex(parquet) }],
    row_counts: {
      bars: bars.length,
      trades: counts.trades,
      quotes: counts.quotes,
      trades_outside_session: counts.tradesOutsideSession,
      quotes_outside_session: counts.quotesOutsideSession,
    },
    created_at: row.generatedAt,
  };
}

function nextDate(d: string): string {
  return new Date(Date.parse(d + "T00:00:00Z") + 86_400_000).toISOString().slice(0, 10);
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
