/**
 * @module
 * Names of DBN code values: schemas, symbology types and record types
 * (`rust/dbn/src/enums.rs`), for messages, JSON output and the CLI.
 */

const SCHEMA_NAMES: readonly string[] = [
  "mbo",
  "mbp-1",
  "mbp-10",
  "tbbo",
  "trades",
  "ohlcv-1s",
  "ohlcv-1m",
  "ohlcv-1h",
  "ohlcv-1d",
  "definition",
  "statistics",
  "status",
  "imbalance",
  "ohlcv-eod",
  "cmbp-1",
  "cbbo-1s",
  "cbbo-1m",
  "tcbbo",
  "bbo-1s",
  "bbo-1m",
];

const STYPE_NAMES: readonly string[] = [
  "instrument_id",
  "raw_symbol",
  "smart",
  "continuous",
  "parent",
  "nasdaq_symbol",
  "cms_symbol",
  "isin",
  "us_code",
  "bbg_comp_id",
  "bbg_comp_ticker",
  "figi",
];

/** Record type (rtype) values the decoder handles. */
export const RType = {
  MBP_0: 0x00,
  MBP_1: 0x01,
  OHLCV_DEPRECATED: 0x11,
  ERROR: 0x15,
  SYMBOL_MAPPING: 0x16,
  SYSTEM: 0x17,
  OHLCV_1S: 0x20,
  OHLCV_1M: 0x21,
  OHLCV_1H: 0x22,
  OHLCV_1D: 0x23,
  OHLCV_EOD: 0x24,
} as const;

/**
 * Text name of a schema code, as the Databento API spells it.
 * @param code schema code (u16), or null for a mixed file
 * @returns e.g. `"tbbo"`; `"mixed"` for null; `"schema 42"` for an unknown code
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(schemaName(4), "trades");
 * ```
 */
export function schemaName(code: number | null): string {
  if (code === null || code === 0xffff) return "mixed";
  return SCHEMA_NAMES[code] ?? `schema ${code}`;
}

/**
 * Schema code of a text name (inverse of {@link schemaName}).
 * @param name e.g. `"ohlcv-1m"`
 * @returns the code, or undefined when the name is unknown
 */
export function schemaCode(name: string): number | undefined {
  const i = SCHEMA_NAMES.indexOf(name);
  return i < 0 ? undefined : i;
}

/**
 * Text name of a symbology type code.
 * @param code stype code (u8), or null for none/mixed
 * @returns e.g. `"raw_symbol"`; null for null; `"stype 42"` for an unknown code
 */
export function stypeName(code: number | null): string | null {
  if (code === null) return null;
  return STYPE_NAMES[code] ?? `stype ${code}`;
}
