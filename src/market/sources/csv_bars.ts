/**
 * @module
 * Imports 1-minute OHLCV candles from CSV, for users who have candles but no trades.
 *
 * ## Columns
 *
 * The first non-blank line is the header. Names are case-insensitive (spaces and hyphens count
 * as underscores); other columns (e.g. `symbol`) are ignored. Fields are separated by `,` or,
 * when the header has more of them, `;` (then a decimal comma such as `187,25` is read as a
 * decimal point). Fields may be quoted (`"…"`, with `""` for a quote).
 *
 * | column | aliases | required | meaning / default |
 * | --- | --- | --- | --- |
 * | `ts` | `timestamp`, `time`, `datetime`, `date` | yes | bar open time, a whole UTC minute: ISO-8601 with `Z` or an offset (`2024-01-02T14:30:00Z`, `2024-01-02 09:30:00-05:00`), or an integer epoch in seconds, milliseconds, microseconds or nanoseconds (told apart by magnitude: < 1e11 s, < 1e14 ms, < 1e17 µs, else ns) |
 * | `open`, `high`, `low`, `close` | | yes | prices; `high ≥ max(open, close)`, `low ≤ min(open, close)` |
 * | `volume` | | no | traded volume, ≥ 0; default 0 |
 * | `vwap` | | no | default `close` |
 * | `trade_count` | | no | integer ≥ 0; default 0 |
 * | `bid` | `bid_mean` | no | mean best bid; default NaN |
 * | `ask` | `ask_mean` | no | mean best ask; default NaN |
 * | `spread` | `spread_mean` | no | mean spread; default `ask − bid` when both are given, else NaN |
 *
 * An empty optional cell takes the default; `NaN` is accepted for bid, ask and spread. Rows
 * may come in any order and are sorted by time; two rows for the same minute are an error.
 * Every error is a {@linkcode ValidationError} whose message starts `file:line:`.
 */

import {
  allocBars,
  BAR_FIELDS,
  type BarColumnKey,
  type Bars,
  sliceBars,
  takeBars,
} from "../../domain/bars.ts";
import { NotFoundError, ValidationError } from "../../domain/errors.ts";
import { detectSeparator, forEachRecord } from "./_csv_records.ts";
import { CellReader } from "./_csv_cells.ts";
import { parseBound, TimestampError } from "./_csv_time.ts";

/** Header aliases per bar column (`BAR_FIELDS.importNames`), in the module doc's order. */
const ALIASES = Object.fromEntries(
  BAR_FIELDS.map((f) => [f.key, f.importNames]),
) as Record<BarColumnKey, readonly string[]>;
type Field = BarColumnKey;
const REQUIRED: readonly Field[] = ["ts", "open", "high", "low", "close"];

/** Options of {@linkcode parseCsvBars}. */
export interface CsvBarsOptions {
  /** Label used in error messages, usually the path. */
  file: string;
  /** Keep bars at or after this time (ISO-8601 or epoch; a zone-less value is UTC). */
  from?: string;
  /** Keep bars before this time (exclusive), same formats. */
  to?: string;
}

/**
 * Parses CSV candles into bars.
 *
 * @example Two bars, out of order, with an epoch-seconds column
 * ```ts
 * import assert from "node:assert/strict";
 * const bars = parseCsvBars(
 *   "time,open,high,low,close,volume\n1704205860,2,3,1,2.5,10\n1704205800,1,2,1,2,5\n",
 *   { file: "aapl.csv" },
 * );
 * assert.deepEqual(Array.from(bars.ts), [1704205800000, 1704205860000]);
 * assert.deepEqual(Array.from(bars.vwap), [2, 2.5]);
 * ```
 * @param text the CSV text
 * @param opts file label and optional time range
 * @returns bars sorted by time, `from ≤ ts < to`
 * @throws {ValidationError} `file:line: message` for any malformed header, row or option
 */
export function parseCsvBars(text: string, opts: CsvBarsOptions): Bars {
  const { file } = opts;
  const lower = bound(opts.from, "from", file) ?? -Infinity;
  const upper = bound(opts.to, "to", file) ?? Infinity;
  const separator = detectSeparator(text);
  const capacity = countLines(text);
  const bars = allocBars(capacity);
  const lines = new Uint32Array(capacity);
  let cell: CellReader | null = null;
  let c = {} as Record<Field, number>;
  let rows = 0;

  forEachRecord(text, separator, file, (fields, line) => {
    if (cell === null) {
      const header = fields.map(normalizeName);
      c = mapColumns(header, file, line);
      cell = new CellReader(header, file, separator === ";");
      return;
    }
    cell.start(fields, line);
    const r = rows++;
    lines[r] = line;
    bars.ts[r] = cell.time(c.ts);
    const open = bars.open[r] = cell.required(c.open);
    const high = bars.high[r] = cell.required(c.high);
    const low = bars.low[r] = cell.required(c.low);
    const close = bars.close[r] = cell.required(c.close);
    if (high < Math.max(open, close)) {
      throw fail(file, line, `high ${high} is below max(open, close) = ${Math.max(open, close)}`);
    }
    if (low > Math.min(open, close)) {
      throw fail(file, line, `low ${low} is above min(open, close) = ${Math.min(open, close)}`);
    }
    bars.volume[r] = cell.optional(c.volume, 0, "nonNegative");
    bars.vwap[r] = cell.optional(c.vwap, close, "finite");
    bars.tradeCount[r] = cell.optional(c.tradeCount, 0, "count");
    const bid = bars.bidMean[r] = cell.optional(c.bidMean, NaN, "quote");
    const ask = bars.askMean[r] = cell.optional(c.askMean, NaN, "quote");
    bars.spreadMean[r] = cell.optional(c.spreadMean, ask - bid, "quote");
  });

  if (c.ts === undefined) throw fail(file, 1, "the file is empty (expected a header line)");
  if (rows === 0) throw fail(file, 1, "no data rows after the header");
  const sorted = sortByTime(sliceBars(bars, 0, rows), lines.subarray(0, rows));
  checkDuplicates(sorted.bars, sorted.lines, file);
  return sliceBars(
    sorted.bars,
    lowerIndex(sorted.bars.ts, lower),
    lowerIndex(sorted.bars.ts, upper),
  );
}

/**
 * Reads and parses a CSV candle file; see {@linkcode parseCsvBars} for the format.
 * @param path file to read
 * @param opts optional time range and error label (default: `path`)
 * @returns bars sorted by time
 * @throws {NotFoundError} `FILE_NOT_FOUND` when the file does not exist
 * @throws {ValidationError} on malformed content
 */
export async function readCsvBars(
  path: string,
  opts: Partial<CsvBarsOptions> = {},
): Promise<Bars> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new NotFoundError("FILE_NOT_FOUND", `${path}: no such file`);
    }
    throw err;
  }
  return parseCsvBars(text, { ...opts, file: opts.file ?? path });
}

function mapColumns(header: string[], file: string, line: number): Record<Field, number> {
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name !== "" && seen.has(name)) throw fail(file, line, `column ${name} appears twice`);
    seen.set(name, i);
  });
  const columns = {} as Record<Field, number>;
  for (const field of Object.keys(ALIASES) as Field[]) {
    const present = ALIASES[field].filter((alias) => seen.has(alias));
    if (present.length > 1) {
      throw fail(file, line, `columns ${present.join(" and ")} name the same value; keep one`);
    }
    columns[field] = present.length === 1 ? seen.get(present[0])! : -1;
    if (columns[field] < 0 && REQUIRED.includes(field)) {
      const names = ALIASES[field].length > 1 ? ` (or ${ALIASES[field].slice(1).join(", ")})` : "";
      throw fail(file, line, `missing column ${field}${names}`);
    }
  }
  return columns;
}

function sortByTime(bars: Bars, lines: Uint32Array): { bars: Bars; lines: Uint32Array } {
  let sorted = true;
  for (let i = 1; i < bars.length && sorted; i++) sorted = bars.ts[i - 1] <= bars.ts[i];
  if (sorted) return { bars, lines };
  // Ties keep file order so the duplicate error names the earlier line first.
  const order = Uint32Array.from({ length: bars.length }, (_, i) => i)
    .sort((a, b) => bars.ts[a] - bars.ts[b] || a - b);
  const out = takeBars(bars, order);
  const outLines = new Uint32Array(lines.length);
  for (let i = 0; i < order.length; i++) outLines[i] = lines[order[i]];
  return { bars: out, lines: outLines };
}

function checkDuplicates(bars: Bars, lines: Uint32Array, file: string): void {
  for (let i = 1; i < bars.length; i++) {
    if (bars.ts[i] === bars.ts[i - 1]) {
      const when = new Date(bars.ts[i]).toISOString().replace(".000Z", "Z");
      throw fail(file, lines[i], `duplicate bar time ${when} (also on line ${lines[i - 1]})`);
    }
  }
}

/** First index whose ts is ≥ `value` (ts ascending). */
function lowerIndex(ts: Float64Array, value: number): number {
  let lo = 0, hi = ts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ts[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function bound(value: string | undefined, name: string, file: string): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseBound(value);
  } catch (err) {
    if (err instanceof TimestampError) {
      throw new ValidationError(`${file}: option ${name}: ${err.message}`, { file });
    }
    throw err;
  }
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** Upper bound on records: one per line. */
function countLines(text: string): number {
  let count = 1;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) count++;
  return count;
}

function fail(file: string, line: number, message: string): ValidationError {
  return new ValidationError(`${file}:${line}: ${message}`, { file, line });
}
