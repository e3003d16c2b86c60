/**
 * @module
 * Test support for `derive_bars.ts`: builders that fill DBN column batches from plain rows,
 * and a deliberately naive reference derivation (one object per record, BigInt time, sort
 * per minute) that states the bar policy in the most obvious way. Tests compare the
 * streaming aggregator against it bit for bit.
 */

import type { Mbp1Columns, TradeColumns } from "../dbn/types.ts";
import { allocBars, type Bars } from "../../domain/bars.ts";
import { sessionsBetween } from "../calendar/mod.ts";
import type { DeriveOptions, DeriveStats } from "../derive_bars.ts";

/** i64::MAX, DBN's undefined price. */
export const UNDEF_PRICE = (1n << 63n) - 1n;

/** One trade-shaped record (the TradeMsg fields derivation reads). */
export interface TradeRow {
  /** ts_event, ns since the epoch. */
  ts: bigint;
  /** Fixed-point price, 1e-9 units. */
  price: bigint;
  size: number;
  /** Action char; `"T"` when omitted. */
  action?: string;
  /** Instrument id; 1 when omitted. */
  instrumentId?: number;
}

/** One TBBO record (trade part plus top of book). */
export interface QuoteRow extends TradeRow {
  bid: bigint;
  ask: bigint;
}

/** Fixed-point price of a decimal dollar amount, e.g. `px(100.25)`. */
export function px(dollars: number): bigint {
  return BigInt(Math.round(dollars * 1e9));
}

/** ns timestamp of an ISO instant plus `extraNs`. */
export function ns(iso: string, extraNs = 0n): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n + extraNs;
}

/** Fills a TradeColumns batch from rows (columns derivation ignores are zero). */
export function tradeColumns(rows: readonly TradeRow[]): TradeColumns {
  const n = rows.length;
  const cols: TradeColumns = {
    length: n,
    rtype: new Uint8Array(n),
    publisherId: new Uint16Array(n),
    instrumentId: new Uint32Array(n),
    tsEvent: new BigUint64Array(n),
    price: new BigInt64Array(n),
    size: new Uint32Array(n),
    action: new Uint8Array(n),
    side: new Uint8Array(n).fill(78),
    flags: new Uint8Array(n),
    depth: new Uint8Array(n),
    tsRecv: new BigUint64Array(n),
    tsInDelta: new Int32Array(n),
    sequence: new Uint32Array(n),
  };
  rows.forEach((r, i) => {
    cols.instrumentId[i] = r.instrumentId ?? 1;
    cols.tsEvent[i] = r.ts;
    cols.tsRecv[i] = r.ts;
    cols.price[i] = r.price;
    cols.size[i] = r.size;
    cols.action[i] = (r.action ?? "T").charCodeAt(0);
    cols.sequence[i] = i;
  });
  return cols;
}

/** Fills an Mbp1Columns batch (rtype 1) from rows. */
export function mbp1Columns(rows: readonly QuoteRow[]): Mbp1Columns {
  const n = rows.length;
  const cols: Mbp1Columns = {
    ...tradeColumns(rows),
    bidPx: new BigInt64Array(n),
    askPx: new BigInt64Array(n),
    bidSz: new Uint32Array(n),
    askSz: new Uint32Array(n),
    bidCt: new Uint32Array(n),
    askCt: new Uint32Array(n),
  };
  cols.rtype.fill(1);
  rows.forEach((r, i) => {
    cols.bidPx[i] = r.bid;
    cols.askPx[i] = r.ask;
  });
  return cols;
}

/**
 * Bars and stats for `trades` and `quotes` in arrival order, by the policy of
 * `derive_bars.ts`, computed the slow, obvious way.
 */
export function referenceBars(
  trades: readonly TradeRow[],
  quotes: readonly QuoteRow[],
  opts: DeriveOptions,
): { bars: Bars; stats: DeriveStats } {
  const minutes: number[] = [];
  for (const s of sessionsBetween(opts.from, opts.to)) {
    const [start, end] = opts.extendedHours ? [s.preOpenMs, s.postCloseMs] : [s.openMs, s.closeMs];
    for (let t = start; t < end; t += 60_000) minutes.push(t);
  }
  const slotOf = new Map(minutes.map((t, i) => [t, i]));
  const stats: DeriveStats = {
    trades: 0,
    tradesOutsideSession: 0,
    quotes: 0,
    quotesOutsideSession: 0,
  };
  const wanted = (id: number | undefined) => !opts.instrumentIds || opts.instrumentIds.has(id ?? 1);
  const minuteSlot = (ts: bigint) => slotOf.get(Number(ts / 60_000_000_000n) * 60_000);

  type T = { ts: bigint; seq: number; price: number; size: number };
  const tradesBySlot = new Map<number, T[]>();
  trades.forEach((r, seq) => {
    if ((r.action ?? "T") !== "T" || r.size === 0 || r.size === 0xffffffff) return;
    if (r.price === UNDEF_PRICE || !wanted(r.instrumentId)) return;
    const slot = minuteSlot(r.ts);
    if (slot === undefined) return void stats.tradesOutsideSession++;
    stats.trades++;
    const list = tradesBySlot.get(slot) ?? [];
    list.push({ ts: r.ts, seq, price: Number(r.price) / 1e9, size: r.size });
    tradesBySlot.set(slot, list);
  });

  type Q = { bid: number; ask: number };
  const quotesBySlot = new Map<number, Q[]>();
  for (const r of quotes) {
    if (r.bid === UNDEF_PRICE || r.ask === UNDEF_PRICE) continue;
    const bid = Number(r.bid) / 1e9;
    const ask = Number(r.ask) / 1e9;
    if (bid <= 0 || ask <= 0 || bid > ask || !wanted(r.instrumentId)) continue;
    const slot = minuteSlot(r.ts);
    if (slot === undefined) {
      stats.quotesOutsideSession++;
      continue;
    }
    stats.quotes++;
    const list = quotesBySlot.get(slot) ?? [];
    list.push({ bid, ask });
    quotesBySlot.set(slot, list);
  }

  const firstSlot = Math.min(...tradesBySlot.keys());
  const rows: {
    ts: number;
    o: number;
    h: number;
    l: number;
    c: number;
    v: number;
    vw: number;
    n: number;
    bid: number;
    ask: number;
    spr: number;
  }[] = [];
  let last = { close: NaN, bid: NaN, ask: NaN, spread: NaN };
  for (let slot = 0; slot < minutes.length; slot++) {
    const qs = quotesBySlot.get(slot);
    if (qs) {
      let bid = 0, ask = 0, spread = 0;
      for (const q of qs) {
        bid += q.bid;
        ask += q.ask;
        spread += q.ask - q.bid;
      }
      last = { ...last, bid: bid / qs.length, ask: ask / qs.length, spread: spread / qs.length };
    }
    if (slot < firstSlot) continue;
    const ts = tradesBySlot.get(slot);
    if (!ts) {
      const c = last.close;
      rows.push({
        ts: minutes[slot],
        o: c,
        h: c,
        l: c,
        c,
        v: 0,
        vw: c,
        n: 0,
        bid: last.bid,
        ask: last.ask,
        spr: last.spread,
      });
      continue;
    }
    const byTime = [...ts].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
    const high = Math.max(...ts.map((t) => t.price));
    const low = Math.min(...ts.map((t) => t.price));
    let volume = 0, notional = 0;
    for (const t of ts) {
      volume += t.size;
      notional += t.price * t.size;
    }
    const close = byTime[byTime.length - 1].price;
    last = { ...last, close };
    rows.push({
      ts: minutes[slot],
      o: byTime[0].price,
      h: high,
      l: low,
      c: close,
      v: volume,
      vw: Math.min(Math.max(notional / volume, low), high),
      n: ts.length,
      bid: last.bid,
      ask: last.ask,
      spr: last.spread,
    });
  }

  const bars = allocBars(rows.length);
  rows.forEach((r, i) => {
    bars.ts[i] = r.ts;
    bars.open[i] = r.o;
    bars.high[i] = r.h;
    bars.low[i] = r.l;
    bars.close[i] = r.c;
    bars.volume[i] = r.v;
    bars.vwap[i] = r.vw;
    bars.tradeCount[i] = r.n;
    bars.bidMean[i] = r.bid;
    bars.askMean[i] = r.ask;
    bars.spreadMean[i] = r.spr;
  });
  return { bars, stats };
}
