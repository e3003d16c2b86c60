/**
 * @module
 * The execution simulator: turns a causal per-bar target weight into T+1 market orders,
 * fills with slippage and fees, borrow on shorts, the per-bar equity curve and round-trip
 * trades. One loop over typed arrays; nothing is allocated per bar.
 *
 * ## Semantics (the contract; `docs/engine/execution_metrics.md` has worked examples)
 *
 * Each bar t, in this order:
 * 1. **Fill.** An order decided at the end of bar t−1 fills at bar t at the reference price
 *    `open[t]` (default), `close[t]` or `vwap[t]` (`cfg.fill_price`), adjusted by slippage.
 * 2. **Borrow.** If the position is short after the fill, cash pays
 *    `|position| × close[t] × borrowBps / 1e4 / barsPerYear`.
 * 3. **Auto-flatten** (last bar only, `cfg.auto_flatten`): an open position is closed at
 *    `close[t]` with the usual slippage and fee — the only fill on its own signal bar.
 * 4. **Mark.** `equity[t] = cash + position × close[t]`; `drawdown[t] = equity / peak − 1`,
 *    the peak being the running maximum of equity, starting at `initialCash`.
 * 5. **Decide** (not on the last bar). The target is `w = weights[t]`, with NaN read as 0 and,
 *    unless `cfg.allow_short`, negatives read as 0. Nothing happens when `w` equals the last
 *    settled target (initially 0), so a constant weight does not rebalance as prices move.
 *    Otherwise the target quantity is `sign(w) × floor(|w| × equity[t] / close[t])` whole
 *    units (0 when equity ≤ 0), and the order is target − position; an order of 0 settles
 *    the target at once.
 *
 * **Costs per fill** (`ref` = reference price, `q` = |quantity|): slippage per unit `s` is
 * 0 (`none`), `k × spreadMean[t]` (`k_spread`; a NaN or negative spread counts as 0 and
 * is counted in `skipped.nan_spread`), `ref × pct / 100` (`spread_pct`, per side) or
 * `ref × coefficient × q / volume[t]` (`participation_rate`). Buys execute at `ref + s`,
 * sells at `ref − s` (never below 0). Slippage cash = `q × s`; fee = `q × price × feesBps / 1e4`.
 *
 * **Participation.** On a bar with volume 0 the order is dropped (`skipped.zero_volume`).
 * With `max_participation`, q is cut to `floor(max_participation × volume)`
 * (`skipped.participation_capped`); cut to 0 it is dropped. A dropped order leaves the last
 * settled target unchanged, so the next bar's decision tries again with fresh equity.
 *
 * **Cash.** A buy whose cost `q × price + fee` exceeds cash is cut to the largest whole
 * quantity cash covers (`skipped.cash_short_resized`; the target counts as settled even when
 * cut to 0). The part of a buy that covers a short is never cut; if covering costs more than
 * the cash held, cash goes negative (`skipped.cash_negative`). Sales credit their proceeds
 * minus fee. So a long-only run never has negative cash, and long weights above 1 are capped
 * by cash (no margin).
 *
 * **Trades**: see `_trade_book.ts`. A position still open after the last bar (no auto-flatten)
 * is not a trade; it shows in the curve only.
 */

import type { Bars } from "../../domain/bars.ts";
import type { ExecutionConfig, SimulationResult } from "../types.ts";
import { ValidationError } from "../../domain/errors.ts";
import { Account, SimulationLedger } from "./_account.ts";
import { checkInputs } from "./_check_inputs.ts";
import { addBar } from "../metrics/curve_stats.ts";
import type { SimulationOptions } from "./simulation_options.ts";
import { flatStretch, heldStretch, type StretchContext } from "./_stretches.ts";

export type { SimulationOptions } from "./simulation_options.ts";

/**
 * Simulates T+1 execution of per-bar target weights over `bars`.
 *
 * @param bars the bars (every close finite and > 0)
 * @param weights signed target fraction of equity per bar, aligned to `bars`, already causal
 * @param cfg execution and cost settings
 * @param opts initial cash and bars per year
 * @returns the equity curve, fills, trades, skip counters and cost totals
 * @throws {ValidationError} on misaligned inputs, a bad setting, an infinite weight, or a
 *   close / fill price that is not a finite number above 0
 *
 * @example Buy at the next open, hold, and flatten at the last close
 * ```ts
 * import assert from "node:assert/strict";
 * import { allocBars } from "../../domain/bars.ts";
 * import { simulate } from "./simulate.ts";
 *
 * const bars = allocBars(3);
 * bars.open.set([10, 10, 12]);
 * bars.close.set([10, 11, 12]);
 * const r = simulate(bars, new Float64Array([1, 1, 1]), {
 *   fill_price: "open", fees_bps: 0, slippage: { model: "none" }, borrow_bps: 0,
 *   auto_flatten: true, allow_short: false,
 * }, { initialCash: 100, barsPerYear: 98_000 });
 * assert.deepEqual(Array.from(r.curve.equity), [100, 110, 120]);
 * assert.equal(r.trades.pnl[0], 20);
 * ```
 */
export function simulate(
  bars: Bars,
  weights: Float64Array,
  cfg: ExecutionConfig,
  opts: SimulationOptions,
): SimulationResult {
  checkInputs(bars, weights, cfg, opts);
  const n = bars.length;
  const close = bars.close;
  const spread = bars.spreadMean;
  const volume = bars.volume;
  const ref = cfg.fill_price === "open"
    ? bars.open
    : cfg.fill_price === "close"
    ? close
    : bars.vwap;
  const allowShort = cfg.allow_short;
  const borrowRate = cfg.borrow_bps / 1e4 / opts.barsPerYear;
  const last = n - 1;
  const flattenAt = cfg.auto_flatten ? last : -1;

  // Fresh output pages cost more than the loop itself on long runs; reuse avoids that.
  const curve = opts.curve ?? {
    equity: new Float64Array(n),
    cash: new Float64Array(n),
    position: new Float64Array(n),
    drawdown: new Float64Array(n),
  };
  const equity = curve.equity;
  const cashCol = curve.cash;
  const positionCol = curve.position;
  const drawdown = curve.drawdown;
  const acct = new Account(
    cfg,
    opts.initialCash,
    Math.min(n + 1, 4096),
    opts.ledger ?? DEFAULT_LEDGER,
  );
  const book = acct.book;

  let cash = opts.initialCash;
  let pos = 0;
  let peak = opts.initialCash;
  let borrowPaid = 0;
  let lastTarget = 0;
  let pendingQty = 0;
  let pendingTarget = 0;
  let pendingSignal = 0;
  const peakCell = new Float64Array(1);
  const st = opts.stats?.state;
  const cx: StretchContext = {
    close,
    weights,
    equity,
    cash: cashCol,
    position: positionCol,
    drawdown,
    peak: peakCell,
    stats: st,
  };

  let t = 0;
  while (t < n) {
    const c = close[t];
    if (!(c > 0 && c < Infinity)) throw badPrice("close", t, c);
    if (pendingQty !== 0) {
      const p = ref[t];
      if (!(p > 0 && p < Infinity)) throw badPrice(cfg.fill_price, t, p);
      acct.cash = cash;
      acct.position = pos;
      if (acct.execute(t, pendingSignal, pendingQty, p, spread[t], volume[t], false)) {
        lastTarget = pendingTarget;
      }
      cash = acct.cash;
      pos = acct.position;
      pendingQty = 0;
    }
    if (pos < 0 && borrowRate > 0) {
      const b = -pos * c * borrowRate;
      cash -= b;
      borrowPaid += b;
      book.borrow(b);
    }
    if (t === flattenAt && pos !== 0) {
      acct.cash = cash;
      acct.position = pos;
      acct.execute(t, t, -pos, c, spread[t], volume[t], true);
      cash = acct.cash;
      pos = acct.position;
    }
    const eq = cash + pos * c;
    equity[t] = eq;
    cashCol[t] = cash;
    positionCol[t] = pos;
    if (eq > peak) peak = eq;
    drawdown[t] = eq / peak - 1;
    if (st !== undefined) addBar(st, eq, t, pos !== 0);
    if (t === last) break;

    let w = weights[t];
    if (w !== lastTarget) {
      if (w !== w) w = 0;
      else if (w === Infinity || w === -Infinity) {
        throw new ValidationError(`weights[${t}] is ${w}; a target weight must be finite`);
      } else if (w < 0 && !allowShort) w = 0;
      if (w !== lastTarget) {
        let target = 0;
        // `0 - x` rather than `-x`: a -0 target would be a needless special case for the JIT.
        if (eq > 0) target = w >= 0 ? Math.floor(w * eq / c) : 0 - Math.floor(-w * eq / c);
        const order = target - pos;
        if (order === 0) lastTarget = w;
        else {
          pendingQty = order;
          pendingTarget = w;
          pendingSignal = t;
        }
      }
    }
    t++;

    // Quiet stretch: no fill due, no borrow, the weight equals the settled target and the
    // close is valid, so cash and position stay as they are and each bar only marks. Any
    // other bar (including the last) goes through the full step above.
    if (pendingQty !== 0 || (pos < 0 && borrowRate > 0)) continue;
    peakCell[0] = peak;
    t = pos === 0
      ? flatStretch(cx, lastTarget, t, last, cash, pos)
      : heldStretch(cx, lastTarget, t, last, cash, pos);
    peak = peakCell[0];
  }

  return {
    curve,
    fills: acct.fills.finish(),
    trades: book.finish(),
    skipped: acct.skipped(),
    feesPaid: acct.feesPaid,
    slippagePaid: acct.slippagePaid,
    borrowPaid,
  };
}

/**
 * The fill and trade buffers of calls that bring no ledger. The result's fills and trades
 * are copies, and a simulation calls no outside code, so one set of buffers serves every
 * call in turn and is not allocated (and zeroed) again each time; it keeps the size of the
 * largest run's fills.
 */
const DEFAULT_LEDGER = new SimulationLedger();

function badPrice(field: string, bar: number, value: number): ValidationError {
  return new ValidationError(`${field} at bar ${bar} is ${value}; prices must be finite and > 0`);
}
