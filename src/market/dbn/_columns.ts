/**
 * @module
 * Growable-by-batch column builders for the record decoder: one per record kind, holding
 * full-capacity typed arrays plus 32-bit views of the 64-bit columns so the decoder writes
 * them as two u32 halves (no BigInt). Private to `src/market/dbn/`.
 */
import type { Mbp1Columns, OhlcvColumns, TradeColumns } from "./types.ts";

/** Bytes per row of the TradeMsg columns. */
const TRADE_BYTES = 8 * 3 + 4 * 4 + 2 + 5;
/** Bytes per row of the OhlcvMsg columns. */
const OHLCV_BYTES = 8 * 6 + 4 + 2 + 1;

/**
 * Hands out the columns of one batch from a single ArrayBuffer (one allocation per batch
 * instead of one per column), each 8-byte aligned.
 */
class Carver {
  private at = 0;
  constructor(private readonly buf: ArrayBuffer) {}

  take<T>(ctor: new (b: ArrayBuffer, o: number, n: number) => T, bytesPer: number, n: number): T {
    const arr = new ctor(this.buf, this.at, n);
    this.at += (bytesPer * n + 7) & ~7;
    return arr;
  }

  /** The 32-bit view of a 64-bit column. */
  view(col: BigUint64Array | BigInt64Array): Uint32Array {
    return new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
  }
}

/** Columns of TradeMsg with write views; also the base of {@link Mbp1Builder}. */
export class TradeBuilder {
  n = 0;
  offset = 0;
  readonly rtype: Uint8Array;
  readonly publisherId: Uint16Array;
  readonly instrumentId: Uint32Array;
  readonly tsEvent: BigUint64Array;
  readonly tsEvent32: Uint32Array;
  readonly price: BigInt64Array;
  readonly price32: Uint32Array;
  readonly size: Uint32Array;
  readonly action: Uint8Array;
  readonly side: Uint8Array;
  readonly flags: Uint8Array;
  readonly depth: Uint8Array;
  readonly tsRecv: BigUint64Array;
  readonly tsRecv32: Uint32Array;
  readonly tsInDelta: Int32Array;
  readonly sequence: Uint32Array;

  constructor(readonly cap: number, carver = new Carver(new ArrayBuffer(TRADE_BYTES * cap + 128))) {
    const c = carver;
    this.tsEvent = c.take(BigUint64Array, 8, cap);
    this.tsEvent32 = c.view(this.tsEvent);
    this.price = c.take(BigInt64Array, 8, cap);
    this.price32 = c.view(this.price);
    this.tsRecv = c.take(BigUint64Array, 8, cap);
    this.tsRecv32 = c.view(this.tsRecv);
    this.instrumentId = c.take(Uint32Array, 4, cap);
    this.size = c.take(Uint32Array, 4, cap);
    this.tsInDelta = c.take(Int32Array, 4, cap);
    this.sequence = c.take(Uint32Array, 4, cap);
    this.publisherId = c.take(Uint16Array, 2, cap);
    this.rtype = c.take(Uint8Array, 1, cap);
    this.action = c.take(Uint8Array, 1, cap);
    this.side = c.take(Uint8Array, 1, cap);
    this.flags = c.take(Uint8Array, 1, cap);
    this.depth = c.take(Uint8Array, 1, cap);
  }

  /** The first `n` rows as {@link TradeColumns} (views, no copy). */
  trades(): TradeColumns {
    const n = this.n;
    return {
      length: n,
      rtype: this.rtype.subarray(0, n),
      publisherId: this.publisherId.subarray(0, n),
      instrumentId: this.instrumentId.subarray(0, n),
      tsEvent: this.tsEvent.subarray(0, n),
      price: this.price.subarray(0, n),
      size: this.size.subarray(0, n),
      action: this.action.subarray(0, n),
      side: this.side.subarray(0, n),
      flags: this.flags.subarray(0, n),
      depth: this.depth.subarray(0, n),
      tsRecv: this.tsRecv.subarray(0, n),
      tsInDelta: this.tsInDelta.subarray(0, n),
      sequence: this.sequence.subarray(0, n),
    };
  }
}

/** Columns of Mbp1Msg (MBP-1 and TBBO) with write views. */
export class Mbp1Builder extends TradeBuilder {
  readonly bidPx: BigInt64Array;
  readonly bidPx32: Uint32Array;
  readonly askPx: BigInt64Array;
  readonly askPx32: Uint32Array;
  readonly bidSz: Uint32Array;
  readonly askSz: Uint32Array;
  readonly bidCt: Uint32Array;
  readonly askCt: Uint32Array;

  constructor(cap: number) {
    const c = new Carver(new ArrayBuffer((TRADE_BYTES + 32) * cap + 192));
    super(cap, c);
    this.bidPx = c.take(BigInt64Array, 8, cap);
    this.bidPx32 = c.view(this.bidPx);
    this.askPx = c.take(BigInt64Array, 8, cap);
    this.askPx32 = c.view(this.askPx);
    this.bidSz = c.take(Uint32Array, 4, cap);
    this.askSz = c.take(Uint32Array, 4, cap);
    this.bidCt = c.take(Uint32Array, 4, cap);
    this.askCt = c.take(Uint32Array, 4, cap);
  }

  /** The first `n` rows as {@link Mbp1Columns} (views, no copy). */
  mbp1(): Mbp1Columns {
    const n = this.n;
    return {
      ...this.trades(),
      bidPx: this.bidPx.subarray(0, n),
      askPx: this.askPx.subarray(0, n),
      bidSz: this.bidSz.subarray(0, n),
      askSz: this.askSz.subarray(0, n),
      bidCt: this.bidCt.subarray(0, n),
      askCt: this.askCt.subarray(0, n),
    };
  }
}

/** Columns of OhlcvMsg with write views. */
export class OhlcvBuilder {
  n = 0;
  offset = 0;
  readonly rtype: Uint8Array;
  readonly publisherId: Uint16Array;
  readonly instrumentId: Uint32Array;
  readonly tsEvent: BigUint64Array;
  readonly tsEvent32: Uint32Array;
  readonly open: BigInt64Array;
  readonly open32: Uint32Array;
  readonly high: BigInt64Array;
  readonly high32: Uint32Array;
  readonly low: BigInt64Array;
  readonly low32: Uint32Array;
  readonly close: BigInt64Array;
  readonly close32: Uint32Array;
  readonly volume: BigUint64Array;
  readonly volume32: Uint32Array;

  constructor(readonly cap: number) {
    const c = new Carver(new ArrayBuffer(OHLCV_BYTES * cap + 128));
    this.tsEvent = c.take(BigUint64Array, 8, cap);
    this.tsEvent32 = c.view(this.tsEvent);
    this.open = c.take(BigInt64Array, 8, cap);
    this.open32 = c.view(this.open);
    this.high = c.take(BigInt64Array, 8, cap);
    this.high32 = c.view(this.high);
    this.low = c.take(BigInt64Array, 8, cap);
    this.low32 = c.view(this.low);
    this.close = c.take(BigInt64Array, 8, cap);
    this.close32 = c.view(this.close);
    this.volume = c.take(BigUint64Array, 8, cap);
    this.volume32 = c.view(this.volume);
    this.instrumentId = c.take(Uint32Array, 4, cap);
    this.publisherId = c.take(Uint16Array, 2, cap);
    this.rtype = c.take(Uint8Array, 1, cap);
  }

  /** The first `n` rows as {@link OhlcvColumns} (views, no copy). */
  ohlcv(): OhlcvColumns {
    const n = this.n;
    return {
      length: n,
      rtype: this.rtype.subarray(0, n),
      publisherId: this.publisherId.subarray(0, n),
      instrumentId: this.instrumentId.subarray(0, n),
      tsEvent: this.tsEvent.subarray(0, n),
      open: this.open.subarray(0, n),
      high: this.high.subarray(0, n),
      low: this.low.subarray(0, n),
      close: this.close.subarray(0, n),
      volume: this.volume.subarray(0, n),
    };
  }
}
