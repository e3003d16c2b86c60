/**
 * @module
 * The per-kind record readers of the record walker (private to `src/market/dbn/`).
 *
 * Each run decodes consecutive records of one kind from 32-bit words of a 4-byte-aligned
 * buffer into a column builder, writing 64-bit fields as two u32 halves, and stops at a
 * record of another kind, an incomplete or too-short record, or a full batch; it returns the
 * position of the first record it did not take. The caller has checked that the record at
 * `pos` is complete and valid, so every run takes at least one record.
 */
import type { ControlRecord } from "./types.ts";
import type { Mbp1Builder, OhlcvBuilder, TradeBuilder } from "./_columns.ts";

const utf8 = new TextDecoder();

/** True for the OhlcvMsg rtypes: 0x11 (deprecated) and 0x20–0x24. */
export function isOhlcvRtype(rtype: number): boolean {
  return rtype === 0x11 || (rtype >= 0x20 && rtype <= 0x24);
}

/** Decodes consecutive Mbp1Msg records into `b` until another kind, the end or a full batch. */
export function mbp1Run(
  b: Mbp1Builder,
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
  pos: number,
  end: number,
): number {
  const cap = b.cap;
  let n = b.n;
  const rtypeC = b.rtype, pub = b.publisherId, inst = b.instrumentId, tsE = b.tsEvent32;
  const px = b.price32, size = b.size, action = b.action, side = b.side, flags = b.flags;
  const depth = b.depth, tsR = b.tsRecv32, tsd = b.tsInDelta, seq = b.sequence;
  const bpx = b.bidPx32, apx = b.askPx32, bsz = b.bidSz, asz = b.askSz, bct = b.bidCt;
  const act = b.askCt;
  while (n < cap && pos < end) {
    const len = u8[pos] << 2;
    if (u8[pos + 1] !== 0x01 || len < 80 || end - pos < len) break;
    const w = pos >> 2;
    const n2 = n << 1;
    rtypeC[n] = 0x01;
    pub[n] = u32[w] >>> 16;
    inst[n] = u32[w + 1];
    tsE[n2] = u32[w + 2];
    tsE[n2 + 1] = u32[w + 3];
    px[n2] = u32[w + 4];
    px[n2 + 1] = u32[w + 5];
    size[n] = u32[w + 6];
    const asfd = u32[w + 7];
    action[n] = asfd;
    side[n] = asfd >>> 8;
    flags[n] = asfd >>> 16;
    depth[n] = asfd >>> 24;
    tsR[n2] = u32[w + 8];
    tsR[n2 + 1] = u32[w + 9];
    tsd[n] = i32[w + 10];
    seq[n] = u32[w + 11];
    bpx[n2] = u32[w + 12];
    bpx[n2 + 1] = u32[w + 13];
    apx[n2] = u32[w + 14];
    apx[n2 + 1] = u32[w + 15];
    bsz[n] = u32[w + 16];
    asz[n] = u32[w + 17];
    bct[n] = u32[w + 18];
    act[n] = u32[w + 19];
    pos += len;
    n++;
  }
  b.n = n;
  return pos;
}

/** Decodes consecutive TradeMsg records into `b` (same stop rules as {@link mbp1Run}). */
export function tradeRun(
  b: TradeBuilder,
  u8: Uint8Array,
  u32: Uint32Array,
  i32: Int32Array,
  pos: number,
  end: number,
): number {
  const cap = b.cap;
  let n = b.n;
  const rtypeC = b.rtype, pub = b.publisherId, inst = b.instrumentId, tsE = b.tsEvent32;
  const px = b.price32, size = b.size, action = b.action, side = b.side, flags = b.flags;
  const depth = b.depth, tsR = b.tsRecv32, tsd = b.tsInDelta, seq = b.sequence;
  while (n < cap && pos < end) {
    const len = u8[pos] << 2;
    if (u8[pos + 1] !== 0x00 || len < 48 || end - pos < len) break;
    const w = pos >> 2;
    const n2 = n << 1;
    rtypeC[n] = 0x00;
    pub[n] = u32[w] >>> 16;
    inst[n] = u32[w + 1];
    tsE[n2] = u32[w + 2];
    tsE[n2 + 1] = u32[w + 3];
    px[n2] = u32[w + 4];
    px[n2 + 1] = u32[w + 5];
    size[n] = u32[w + 6];
    const asfd = u32[w + 7];
    action[n] = asfd;
    side[n] = asfd >>> 8;
    flags[n] = asfd >>> 16;
    depth[n] = asfd >>> 24;
    tsR[n2] = u32[w + 8];
    tsR[n2 + 1] = u32[w + 9];
    tsd[n] = i32[w + 10];
    seq[n] = u32[w + 11];
    pos += len;
    n++;
  }
  b.n = n;
  return pos;
}

/** Decodes consecutive OhlcvMsg records into `b` (same stop rules as {@link mbp1Run}). */
export function ohlcvRun(
  b: OhlcvBuilder,
  u8: Uint8Array,
  u32: Uint32Array,
  pos: number,
  end: number,
): number {
  const cap = b.cap;
  let n = b.n;
  const rtypeC = b.rtype, pub = b.publisherId, inst = b.instrumentId, tsE = b.tsEvent32;
  const o = b.open32, h = b.high32, l = b.low32, c = b.close32, v = b.volume32;
  while (n < cap && pos < end) {
    const len = u8[pos] << 2;
    const rtype = u8[pos + 1];
    if (!isOhlcvRtype(rtype) || len < 56 || end - pos < len) break;
    const w = pos >> 2;
    const n2 = n << 1;
    rtypeC[n] = rtype;
    pub[n] = u32[w] >>> 16;
    inst[n] = u32[w + 1];
    tsE[n2] = u32[w + 2];
    tsE[n2 + 1] = u32[w + 3];
    o[n2] = u32[w + 4];
    o[n2 + 1] = u32[w + 5];
    h[n2] = u32[w + 6];
    h[n2 + 1] = u32[w + 7];
    l[n2] = u32[w + 8];
    l[n2 + 1] = u32[w + 9];
    c[n2] = u32[w + 10];
    c[n2 + 1] = u32[w + 11];
    v[n2] = u32[w + 12];
    v[n2 + 1] = u32[w + 13];
    pos += len;
    n++;
  }
  b.n = n;
  return pos;
}

/** A u64 from two u32 words (rare control-record path, so BigInt is fine here). */
function u64(u32: Uint32Array, w: number): bigint {
  return (BigInt(u32[w + 1]) << 32n) | BigInt(u32[w]);
}

function cstr(u8: Uint8Array, at: number, len: number): string {
  let end = at;
  const stop = at + len;
  while (end < stop && u8[end] !== 0) end++;
  return utf8.decode(u8.subarray(at, end));
}

/**
 * Decodes a SymbolMappingMsg (0x16), ErrorMsg (0x15) or SystemMsg (0x17) at `pos`; the v1 or
 * v2/v3 layout is chosen by the record size. Rare records, so objects and BigInt are fine.
 */
export function controlRecord(
  u8: Uint8Array,
  u32: Uint32Array,
  pos: number,
  len: number,
): ControlRecord {
  const w = pos >> 2;
  const rtype = u8[pos + 1];
  const tsEvent = u64(u32, w + 2);
  if (rtype === 0x16) {
    const v2 = len >= 176;
    return {
      kind: "symbol_mapping",
      rtype,
      instrumentId: u32[w + 1],
      tsEvent,
      stypeInSymbol: cstr(u8, pos + (v2 ? 17 : 16), v2 ? 71 : 22),
      stypeOutSymbol: cstr(u8, pos + (v2 ? 89 : 38), v2 ? 71 : 22),
      startTs: u64(u32, w + (v2 ? 40 : 16)),
      endTs: u64(u32, w + (v2 ? 42 : 18)),
    };
  }
  const v2 = len >= 320;
  const text = cstr(u8, pos + 16, v2 ? (rtype === 0x15 ? 302 : 303) : 64);
  const code = v2 ? u8[pos + (rtype === 0x15 ? 318 : 319)] : null;
  return { kind: rtype === 0x15 ? "error" : "system", rtype, tsEvent, text, code };
}
