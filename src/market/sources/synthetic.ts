/**
 * @module
 * Seeded synthetic market data: writes real DBN v3 TRADES and TBBO files (`.dbn.zst`) for any
 * symbol and date range, one trading day at a time, following the pinned NASDAQ calendar
 * (regular session only; nothing on weekends and holidays; early closes respected), so demos
 * and tests go through the real decoder.
 *
 * The same (seed, symbol, tradesPerDay, startPrice) always gives the same bytes, and each
 * day depends only on those and its date. The mid price is a martingale (no drift at any
 * horizon, overnight gaps included) with fat tails, clustered volatility, U-shaped volume
 * and spreads and bid/ask bounce in the prints: `docs/synthetic.md` has the model, and
 * `_synthetic_model.ts`, `_synthetic_minutes.ts`, `_synthetic_day.ts` implement it.
 *
 * The default density, 8,000 trades per full session, is a mid-cap name: about 11 trades a
 * minute at the midday low, so no regular-session minute is left without a bar, while a
 * symbol-year stays around 2 million trades and generates in a few seconds.
 */

import type { Session } from "../calendar/mod.ts";
import type { EncoderMetadata } from "../dbn/mod.ts";
import type { SyntheticDay, SyntheticParams } from "./_synthetic_model.ts";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { ValidationError } from "../../domain/errors.ts";
import { ISO_DATE_RE } from "../../domain/dates.ts";
import { sessionsBetween } from "../calendar/mod.ts";
import { DbnFileWriter, Schema } from "../dbn/mod.ts";
import { SyntheticModel } from "./_synthetic_model.ts";

export type { SyntheticDay, SyntheticParams } from "./_synthetic_model.ts";
export { instrumentIdFor, PUBLISHER_XNAS_ITCH, SyntheticModel } from "./_synthetic_model.ts";

/** Default mean trades per full session. */
export const DEFAULT_TRADES_PER_DAY = 8_000;
/** Default price on 2000-01-03, in dollars. */
export const DEFAULT_START_PRICE = 100;
/** Dataset code written into the metadata. */
export const SYNTHETIC_DATASET = "XNAS.ITCH";

/** Options of {@link generateSynthetic}. */
export interface SyntheticOptions {
  /** Raw symbol: letters, digits, `.`, `-`, `_`; at most 32 characters. */
  symbol: string;
  /** First local date `YYYY-MM-DD` (inclusive). */
  from: string;
  /** Last local date `YYYY-MM-DD` (inclusive). */
  to: string;
  /** Any safe integer. */
  seed: number;
  /** Directory the two files are written into (created if missing). */
  outDir: string;
  /** Mean trades per full session. @default 8000 */
  tradesPerDay?: number;
  /** Price on 2000-01-03, where every symbol's walk starts, in dollars. @default 100 */
  startPrice?: number;
  /** Called after each day with (days done, days in total). */
  onProgress?: (done: number, total: number) => void;
}

/** What {@link generateSynthetic} wrote. */
export interface SyntheticResult {
  /** `<outDir>/<SYMBOL>.trades.dbn.zst` */
  tradesPath: string;
  /** `<outDir>/<SYMBOL>.tbbo.dbn.zst` */
  tbboPath: string;
  /** Trades written (the same in both files). */
  trades: number;
  /** Trading days generated. */
  days: number;
}

/**
 * Writes `<SYMBOL>.trades.dbn.zst` and `<SYMBOL>.tbbo.dbn.zst` (DBN v3, XNAS.ITCH, raw_symbol →
 * instrument_id) for every trading day in `from..to`, holding one day in memory at a time.
 * Each file appears under its name only when complete.
 *
 * @param opts symbol, range, seed, output directory and density
 * @returns the paths and counts
 * @throws {ValidationError} for a bad symbol, date, seed, density or price, a range outside
 *   the calendar's 2000..2035, or a range without trading days
 *
 * @example One day
 * ```ts
 * import assert from "node:assert/strict";
 * const outDir = await Deno.makeTempDir();
 * const res = await generateSynthetic({ symbol: "DEMO", from: "2024-03-01", to: "2024-03-01",
 *   seed: 1, outDir, tradesPerDay: 500 });
 * assert.equal(res.days, 1);
 * assert.ok(res.tradesPath.endsWith("DEMO.trades.dbn.zst"));
 * await Deno.remove(outDir, { recursive: true });
 * ```
 */
export async function generateSynthetic(opts: SyntheticOptions): Promise<SyntheticResult> {
  const params = syntheticParams(opts);
  const sessions = sessionsBetween(opts.from, opts.to);
  if (sessions.length === 0) {
    throw new ValidationError(`no trading days between ${opts.from} and ${opts.to}`);
  }
  const model = new SyntheticModel(params);
  await mkdir(opts.outDir, { recursive: true });
  const tradesPath = join(opts.outDir, `${opts.symbol}.trades.dbn.zst`);
  const tbboPath = join(opts.outDir, `${opts.symbol}.tbbo.dbn.zst`);
  const meta = syntheticMetadata(opts.symbol, opts.from, opts.to, model.instrumentId);
  const trades = await DbnFileWriter.create(tradesPath, { ...meta, schema: Schema.TRADES });
  let tbbo: DbnFileWriter | null = null;
  try {
    tbbo = await DbnFileWriter.create(tbboPath, { ...meta, schema: Schema.TBBO });
    let count = 0;
    let pending: Promise<unknown> = Promise.resolve();
    for (let i = 0; i < sessions.length; i++) {
      // The next day is generated while the compressor still works on the previous one.
      const day = model.day(sessions[i]);
      await pending;
      if (i > 0) opts.onProgress?.(i, sessions.length);
      pending = Promise.all([trades.write({ trades: day.trades }), tbbo.write({ mbp1: day.tbbo })]);
      count += day.trades.length;
    }
    await pending;
    opts.onProgress?.(sessions.length, sessions.length);
    await tbbo.close();
    await trades.close();
    return { tradesPath, tbboPath, trades: count, days: sessions.length };
  } catch (err) {
    await trades.abort();
    await tbbo?.abort();
    throw err;
  }
}

/**
 * The days of `sessions`, generated lazily one at a time (the files' content, without I/O).
 * @param params model inputs; defaults are not applied here
 * @param sessions calendar sessions, e.g. from `sessionsBetween`
 */
export function* syntheticDays(
  params: SyntheticParams,
  sessions: readonly Session[],
): Generator<SyntheticDay> {
  const model = new SyntheticModel(params);
  for (const s of sessions) yield model.day(s);
}

/**
 * The DBN metadata of a synthetic file (schema set to TRADES; the TBBO file differs only there).
 * @param symbol raw symbol
 * @param from first date `YYYY-MM-DD`
 * @param to last date `YYYY-MM-DD`
 * @param instrumentId the symbol's instrument id
 */
export function syntheticMetadata(
  symbol: string,
  from: string,
  to: string,
  instrumentId: number,
): EncoderMetadata {
  const endDate = nextDay(to);
  return {
    version: 3,
    dataset: SYNTHETIC_DATASET,
    schema: Schema.TRADES,
    start: BigInt(Date.parse(`${from}T00:00:00Z`)) * 1_000_000n,
    end: BigInt(Date.parse(`${endDate}T00:00:00Z`)) * 1_000_000n,
    limit: 0n,
    stypeIn: 1,
    stypeOut: 0,
    symbols: [symbol],
    mappings: [{
      rawSymbol: symbol,
      intervals: [{ startDate: from, endDate, symbol: String(instrumentId) }],
    }],
  };
}

/**
 * Validates the options and applies the defaults.
 * @throws {ValidationError} naming the first bad option
 */
export function syntheticParams(opts: SyntheticOptions): SyntheticParams {
  const { symbol, seed } = opts;
  const tradesPerDay = opts.tradesPerDay ?? DEFAULT_TRADES_PER_DAY;
  const startPrice = opts.startPrice ?? DEFAULT_START_PRICE;
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/.test(symbol)) {
    throw new ValidationError(`symbol "${symbol}" must be 1-32 letters, digits, ".", "-" or "_"`);
  }
  for (const d of [opts.from, opts.to]) {
    if (!ISO_DATE_RE.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) {
      throw new ValidationError(`date must be YYYY-MM-DD, got "${d}"`);
    }
  }
  if (!Number.isSafeInteger(seed)) {
    throw new ValidationError(`seed must be an integer, got ${seed}`);
  }
  if (!Number.isInteger(tradesPerDay) || tradesPerDay < 1 || tradesPerDay > 2_000_000) {
    throw new ValidationError(`tradesPerDay must be an integer in 1..2000000, got ${tradesPerDay}`);
  }
  if (!(startPrice >= 1 && startPrice <= 100_000)) {
    throw new ValidationError(`startPrice must be between 1 and 100000, got ${startPrice}`);
  }
  return { symbol, seed, tradesPerDay, startPrice };
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
