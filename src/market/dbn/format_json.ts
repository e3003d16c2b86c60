/**
 * @module
 * JSON views of decoded DBN metadata and records for `hewston dbn FILE… [--limit N] [--json]`,
 * shaped like Databento's `dbn --json` output.
 *
 * With `{ px: "raw", iso: false }` a record line is byte-for-byte what `dbn -J` prints, e.g.
 * `{"ts_recv":"1609160400099150057","hd":{"ts_event":"1609160400098821953","rtype":0,
 * "publisher_id":1,"instrument_id":5482},"action":"T","side":"A","depth":0,
 * "price":"3720250000000","size":5,"flags":129,"ts_in_delta":19251,"sequence":1170380}`.
 * The defaults are friendlier: prices as exact decimal text (`"3720.250000000"`, like
 * `dbn --pretty-px`) and an ISO-8601 twin after each nanosecond timestamp
 * (`"ts_recv_iso":"2020-12-28T13:00:00.099150057Z"`). u64 values (timestamps, volume,
 * limit) are always strings, because they exceed 2^53.
 *
 * | value | JSON |
 * | --- | --- |
 * | UNDEF_PRICE | `null` (`px: "raw"` prints the raw integer, as `dbn` does) |
 * | metadata `end` = u64::MAX | `null` |
 * | char fields (action, side) | one-character strings |
 */
import type { DbnBatch, DbnMetadata } from "./types.ts";
import { nsToIso, priceToDecimalString, UNDEF_PRICE } from "./fixed_point.ts";
import { schemaName, stypeName } from "./codes.ts";

/** How {@link recordToJson} and {@link metadataToJson} print values. */
export interface JsonFormatOptions {
  /**
   * Prices: `"decimal"` exact text with 9 decimals, `"raw"` the fixed-point integer as text
   * (Databento's default), `"number"` a float (raw × 1e-9, may round).
   * @default "decimal"
   */
  px?: "decimal" | "raw" | "number";
  /** Add `<name>_iso` after every nanosecond timestamp. @default true */
  iso?: boolean;
}

/** A JSON-ready object (values are strings, numbers, booleans, null, arrays, objects). */
export type JsonObject = { [key: string]: unknown };

/**
 * The metadata as a JSON-ready object, in Databento's field order.
 * @param meta decoded metadata
 * @param opts `iso` adds `start_iso`/`end_iso`
 * @returns e.g. `{ version: 3, dataset: "GLBX.MDP3", schema: "tbbo", start: "1609…", … }`
 */
export function metadataToJson(meta: DbnMetadata, opts: JsonFormatOptions = {}): JsonObject {
  const iso = opts.iso ?? true;
  const out: JsonObject = {
    version: meta.version,
    dataset: meta.dataset,
    schema: meta.schema === null ? null : schemaName(meta.schema),
    start: meta.start.toString(),
  };
  if (iso) out.start_iso = nsToIso(meta.start);
  out.end = meta.end === null ? null : meta.end.toString();
  if (iso) out.end_iso = meta.end === null ? null : nsToIso(meta.end);
  out.limit = meta.limit.toString();
  out.stype_in = stypeName(meta.stypeIn);
  out.stype_out = stypeName(meta.stypeOut);
  out.ts_out = meta.tsOut;
  out.symbol_cstr_len = meta.symbolCstrLen;
  out.symbols = meta.symbols;
  out.partial = meta.partial;
  out.not_found = meta.notFound;
  out.mappings = meta.mappings.map((m) => ({
    raw_symbol: m.rawSymbol,
    intervals: m.intervals.map((iv) => ({
      start_date: iv.startDate,
      end_date: iv.endDate,
      symbol: iv.symbol,
    })),
  }));
  return out;
}

/**
 * Record `i` of a batch as a JSON-ready object, in Databento's field order.
 * @param batch a decoded batch
 * @param i row index (for control batches: index into `control`)
 * @param opts price and timestamp style
 * @returns the record object
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeDbnBytes } from "./decoder.ts";
 * const bytes = Deno.readFileSync(
 *   new URL("../../../../shared/data/dbn/test_data.trades.dbn", import.meta.url),
 * );
 * const rec = recordToJson(decodeDbnBytes(bytes).batches[0], 0);
 * assert.equal(rec.price, "3720.250000000");
 * assert.equal(rec.ts_recv_iso, "2020-12-28T13:00:00.099150057Z");
 * ```
 */
export function recordToJson(batch: DbnBatch, i: number, opts: JsonFormatOptions = {}): JsonObject {
  const iso = opts.iso ?? true;
  const px = opts.px ?? "decimal";
  const m = batch.mbp1 ?? batch.trades;
  if (m) {
    const out: JsonObject = {};
    ts(out, "ts_recv", m.tsRecv[i], iso);
    const hd: JsonObject = {};
    ts(hd, "ts_event", m.tsEvent[i], iso);
    hd.rtype = m.rtype[i];
    hd.publisher_id = m.publisherId[i];
    hd.instrument_id = m.instrumentId[i];
    out.hd = hd;
    out.action = String.fromCharCode(m.action[i]);
    out.side = String.fromCharCode(m.side[i]);
    out.depth = m.depth[i];
    out.price = price(m.price[i], px);
    out.size = m.size[i];
    out.flags = m.flags[i];
    out.ts_in_delta = m.tsInDelta[i];
    out.sequence = m.sequence[i];
    if (batch.mbp1) {
      const b = batch.mbp1;
      out.levels = [{
        bid_px: price(b.bidPx[i], px),
        ask_px: price(b.askPx[i], px),
        bid_sz: b.bidSz[i],
        ask_sz: b.askSz[i],
        bid_ct: b.bidCt[i],
        ask_ct: b.askCt[i],
      }];
    }
    return out;
  }
  if (batch.ohlcv) {
    const o = batch.ohlcv;
    const hd: JsonObject = {};
    ts(hd, "ts_event", o.tsEvent[i], iso);
    hd.rtype = o.rtype[i];
    hd.publisher_id = o.publisherId[i];
    hd.instrument_id = o.instrumentId[i];
    return {
      hd,
      open: price(o.open[i], px),
      high: price(o.high[i], px),
      low: price(o.low[i], px),
      close: price(o.close[i], px),
      volume: o.volume[i].toString(),
    };
  }
  const c = batch.control![i];
  const hd: JsonObject = {};
  ts(hd, "ts_event", c.tsEvent, iso);
  hd.rtype = c.rtype;
  if (c.kind === "symbol_mapping") {
    hd.instrument_id = c.instrumentId;
    const out: JsonObject = {
      hd,
      stype_in_symbol: c.stypeInSymbol,
      stype_out_symbol: c.stypeOutSymbol,
    };
    ts(out, "start_ts", c.startTs, iso);
    ts(out, "end_ts", c.endTs, iso);
    return out;
  }
  return c.kind === "error" ? { hd, err: c.text, code: c.code } : { hd, msg: c.text, code: c.code };
}

/** Number of records in a batch, whatever its kind. */
export function batchLength(batch: DbnBatch): number {
  return (batch.mbp1 ?? batch.trades ?? batch.ohlcv)?.length ?? batch.control?.length ?? 0;
}

/**
 * One JSON line per record of a batch (no trailing newlines).
 * @param batch a decoded batch
 * @param opts price and timestamp style; `limit` caps the number of lines
 * @returns the lines, in record order
 */
export function formatRecordLines(
  batch: DbnBatch,
  opts: JsonFormatOptions & { limit?: number } = {},
): string[] {
  const n = Math.min(batchLength(batch), opts.limit ?? Infinity);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify(recordToJson(batch, i, opts)));
  return lines;
}

/**
 * JSON lines of a whole stream of batches, stopping after `limit` records (the source is
 * then closed by the `for await` exit).
 * @param batches e.g. `reader.batches()`
 * @param opts price and timestamp style, `limit`
 * @returns an async iterator of lines
 */
export async function* jsonLines(
  batches: AsyncIterable<DbnBatch> | Iterable<DbnBatch>,
  opts: JsonFormatOptions & { limit?: number } = {},
): AsyncGenerator<string> {
  let left = opts.limit ?? Infinity;
  if (left <= 0) return;
  for await (const batch of batches) {
    const lines = formatRecordLines(batch, { ...opts, limit: left });
    for (const line of lines) yield line;
    left -= lines.length;
    if (left <= 0) return;
  }
}

function ts(out: JsonObject, name: string, ns: bigint, iso: boolean): void {
  out[name] = ns.toString();
  if (iso) out[`${name}_iso`] = nsToIso(ns);
}

function price(raw: bigint, px: "decimal" | "raw" | "number"): string | number | null {
  if (px === "raw") return raw.toString();
  if (raw === UNDEF_PRICE) return null;
  return px === "decimal" ? priceToDecimalString(raw) : Number(raw) / 1e9;
}
