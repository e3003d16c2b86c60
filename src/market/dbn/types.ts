/**
 * @module
 * Shared types of the DBN decoder, encoder and their consumers (derive, synthetic source).
 *
 * Records are decoded into columnar batches of typed arrays, never into one object per
 * record. 64-bit fields live in BigInt64Array/BigUint64Array columns; hot consumers read
 * them through 32-bit views (see `u64ToNumber` in `fixed_point.ts`) to avoid BigInt
 * allocation. Prices stay fixed-point integers (1e-9) until bar level.
 */

/** Schema codes of the DBN metadata (`rust/dbn/src/enums.rs`). */
export const Schema = {
  MBO: 0,
  MBP_1: 1,
  MBP_10: 2,
  TBBO: 3,
  TRADES: 4,
  OHLCV_1S: 5,
  OHLCV_1M: 6,
  OHLCV_1H: 7,
  OHLCV_1D: 8,
  NONE: 0xffff,
} as const;

/** One mapping interval of a raw symbol to the stype_out symbol (instrument id as text). */
export interface MappingInterval {
  /** Inclusive start date, `YYYY-MM-DD`. */
  startDate: string;
  /** Exclusive end date, `YYYY-MM-DD`. */
  endDate: string;
  /** The stype_out symbol, e.g. `"5482"`. */
  symbol: string;
}

/** Decoded DBN metadata header. */
export interface DbnMetadata {
  version: number;
  dataset: string;
  /** Schema code, or null for 0xFFFF (mixed). */
  schema: number | null;
  /** Query start, ns since epoch. */
  start: bigint;
  /** Query end, ns since epoch, or null for u64::MAX. */
  end: bigint | null;
  limit: bigint;
  stypeIn: number | null;
  stypeOut: number;
  tsOut: boolean;
  symbolCstrLen: number;
  symbols: string[];
  partial: string[];
  notFound: string[];
  mappings: { rawSymbol: string; intervals: MappingInterval[] }[];
}

/** Columns of TradeMsg (rtype 0x00); also the first 48 bytes of Mbp1Msg. */
export interface TradeColumns {
  length: number;
  rtype: Uint8Array;
  publisherId: Uint16Array;
  instrumentId: Uint32Array;
  tsEvent: BigUint64Array;
  price: BigInt64Array;
  size: Uint32Array;
  /** ASCII code of the action char (`T` = 84). */
  action: Uint8Array;
  /** ASCII code of the side char (`A` 65, `B` 66, `N` 78). */
  side: Uint8Array;
  flags: Uint8Array;
  depth: Uint8Array;
  tsRecv: BigUint64Array;
  tsInDelta: Int32Array;
  sequence: Uint32Array;
}

/** Columns of Mbp1Msg (rtype 0x01), used by MBP-1 and TBBO. */
export interface Mbp1Columns extends TradeColumns {
  bidPx: BigInt64Array;
  askPx: BigInt64Array;
  bidSz: Uint32Array;
  askSz: Uint32Array;
  bidCt: Uint32Array;
  askCt: Uint32Array;
}

/** Columns of OhlcvMsg (rtype 0x20..0x24). */
export interface OhlcvColumns {
  length: number;
  rtype: Uint8Array;
  publisherId: Uint16Array;
  instrumentId: Uint32Array;
  tsEvent: BigUint64Array;
  open: BigInt64Array;
  high: BigInt64Array;
  low: BigInt64Array;
  close: BigInt64Array;
  volume: BigUint64Array;
}

/** A non-market record kept as an object (rare: symbol mapping, error, system). */
export type ControlRecord =
  | {
    kind: "symbol_mapping";
    rtype: number;
    instrumentId: number;
    tsEvent: bigint;
    stypeInSymbol: string;
    stypeOutSymbol: string;
    startTs: bigint;
    endTs: bigint;
  }
  | { kind: "error"; rtype: number; tsEvent: bigint; text: string; code: number | null }
  | { kind: "system"; rtype: number; tsEvent: bigint; text: string; code: number | null };

/** One decoded batch; exactly one of trades/mbp1/ohlcv is set, or control records. */
export interface DbnBatch {
  /** Byte offset (in the decompressed stream) of the first record of this batch. */
  offset: number;
  trades?: TradeColumns;
  mbp1?: Mbp1Columns;
  ohlcv?: OhlcvColumns;
  control?: ControlRecord[];
}

/** An open DBN input: metadata decoded, records not yet read. */
export interface DbnReader {
  /** Path or label used in errors. */
  readonly file: string;
  /** The decoded metadata header. */
  readonly metadata: DbnMetadata;
  /** Offset of the first record in the decompressed stream (8 + length). */
  readonly recordsOffset: number;
  /** Whether the input is zstd-compressed. */
  readonly compressed: boolean;
  /** Input bytes consumed so far (compressed bytes for zstd): for progress. */
  readonly bytesRead: number;
  /** Input size when known (a file), else null. */
  readonly totalBytes: number | null;
  /** Records decoded so far. */
  readonly records: number;
  /** Records of unhandled rtypes skipped so far. */
  readonly skipped: number;
  /**
   * The records as columnar batches (up to `batchRecords` rows, one record kind each), in
   * file order. Iterate once; the input is closed when the iteration ends or stops.
   * @throws {DecodeError} truncated or corrupt input
   */
  batches(): AsyncGenerator<DbnBatch>;
  /** Closes the input (idempotent). */
  close(): void;
}
