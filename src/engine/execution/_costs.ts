/**
 * @module
 * Prices one market order: slippage per unit by model, the participation cap, the executed
 * price, the fee and the cash-short shrink. Pure arithmetic on numbers so the simulator's loop
 * calls it without allocating; the semantics are documented in `simulate.ts` and
 * `docs/engine/execution_metrics.md`.
 */

import type { ExecutionConfig } from "../types.ts";

/** Slippage model codes (a number keeps the fill path monomorphic). */
export const MODEL_NONE = 0;
/** `k × spreadMean` of the fill bar. */
export const MODEL_K_SPREAD = 1;
/** `pct %` of the reference price. */
export const MODEL_SPREAD_PCT = 2;
/** `coefficient × price × |qty| / volume` of the fill bar. */
export const MODEL_PARTICIPATION = 3;

/** Flag: k_spread saw a NaN (or negative) spread and used 0. */
export const FLAG_NAN_SPREAD = 1;
/** Flag: participation model on a zero-volume bar; the order was dropped. */
export const FLAG_ZERO_VOLUME = 2;
/** Flag: the quantity was cut to `max_participation × volume` (possibly to 0: dropped). */
export const FLAG_PARTICIPATION_CAPPED = 4;
/** Flag: a buy was cut to what cash covers (possibly to 0). */
export const FLAG_CASH_SHORT = 8;
/** Flag: a forced flatten on a zero-volume bar, priced at participation 1. */
export const FLAG_FLATTEN_ZERO_VOLUME = 16;
/** Flag: a buy that covers a short cost more than the cash held; cash went below zero. */
export const FLAG_CASH_NEGATIVE = 32;

/** Cost settings resolved once per simulation. */
export interface CostModel {
  code: number;
  /** k of k_spread. */
  k: number;
  /** pct / 100 of spread_pct. */
  pctRate: number;
  /** coefficient of participation_rate. */
  coefficient: number;
  /** max_participation of participation_rate (Infinity when unset). */
  maxParticipation: number;
  /** feesBps / 1e4. */
  feeRate: number;
}

/** Slots of the scratch array {@link priceOrder} writes its result into. */
export const OUT_QTY = 0;
/** Executed price slot. */
export const OUT_PRICE = 1;
/** Slippage cash slot. */
export const OUT_SLIPPAGE = 2;
/** Fee cash slot. */
export const OUT_FEE = 3;

/**
 * Resolves an (already validated) execution config into a {@link CostModel}.
 * @param cfg execution settings
 * @returns the numeric cost model
 */
export function resolveCostModel(cfg: ExecutionConfig): CostModel {
  const s = cfg.slippage;
  const m: CostModel = {
    code: MODEL_NONE,
    k: 0,
    pctRate: 0,
    coefficient: 0,
    maxParticipation: Infinity,
    feeRate: cfg.fees_bps / 1e4,
  };
  if (s.model === "k_spread") {
    m.code = MODEL_K_SPREAD;
    m.k = s.k;
  } else if (s.model === "spread_pct") {
    m.code = MODEL_SPREAD_PCT;
    m.pctRate = s.pct / 100;
  } else if (s.model === "participation_rate") {
    m.code = MODEL_PARTICIPATION;
    m.coefficient = s.coefficient;
    m.maxParticipation = s.max_participation ?? Infinity;
  }
  return m;
}

/**
 * Prices a market order of signed `qty` whole units at reference price `ref` on a bar with
 * `spread` and `volume`, given the account's `cash` and `position` before the fill. Writes
 * the executed signed quantity (0 = nothing fills), price, slippage cash and fee into `out`.
 *
 * A buy never costs more than `cash` except for the part that covers a short (covering is
 * never refused). A `forced` order (auto-flatten) is never dropped or capped.
 *
 * @param out scratch array of length ≥ 4 (slots `OUT_*`)
 * @param m cost model
 * @param qty signed order quantity (whole units, non-zero)
 * @param ref reference fill price (finite, > 0)
 * @param spread the fill bar's spreadMean
 * @param volume the fill bar's volume
 * @param cash cash before the fill
 * @param position position before the fill
 * @param forced true for the auto-flatten order
 * @returns a bit set of `FLAG_*`
 */
export function priceOrder(
  out: Float64Array,
  m: CostModel,
  qty: number,
  ref: number,
  spread: number,
  volume: number,
  cash: number,
  position: number,
  forced: boolean,
): number {
  let flags = 0;
  let aq = qty < 0 ? -qty : qty;
  const buy = qty > 0;
  let unit = 0;
  if (m.code === MODEL_K_SPREAD) {
    if (spread >= 0) unit = m.k * spread;
    else flags |= FLAG_NAN_SPREAD;
  } else if (m.code === MODEL_SPREAD_PCT) {
    unit = ref * m.pctRate;
  } else if (m.code === MODEL_PARTICIPATION) {
    if (volume > 0) {
      if (!forced && aq > m.maxParticipation * volume) {
        flags |= FLAG_PARTICIPATION_CAPPED;
        aq = Math.floor(m.maxParticipation * volume);
        if (aq === 0) return drop(out, flags);
      }
      unit = ref * m.coefficient * aq / volume;
    } else if (forced) {
      flags |= FLAG_FLATTEN_ZERO_VOLUME;
      unit = ref * m.coefficient;
    } else {
      return drop(out, flags | FLAG_ZERO_VOLUME);
    }
  }
  if (!buy) {
    // A sale never executes below zero, however large the modelled concession.
    if (unit > ref) unit = ref;
    const price = ref - unit;
    return write(out, -aq, price, aq * unit, aq * price * m.feeRate, flags);
  }
  let price = ref + unit;
  if (buyCost(aq, price, m.feeRate) > cash) {
    const cover = position < 0 ? Math.min(aq, -position) : 0;
    const fit = Math.max(cover, affordable(m, aq, ref, unit, volume, cash));
    if (fit < aq) {
      flags |= FLAG_CASH_SHORT;
      aq = fit;
      if (aq === 0) return drop(out, flags);
      if (m.code === MODEL_PARTICIPATION) unit = ref * m.coefficient * aq / volume;
      price = ref + unit;
    }
    if (buyCost(aq, price, m.feeRate) > cash) flags |= FLAG_CASH_NEGATIVE;
  }
  return write(out, aq, price, aq * unit, aq * price * m.feeRate, flags);
}

/** Cash a buy of `aq` units at `price` takes, computed exactly as the simulator books it. */
export function buyCost(aq: number, price: number, feeRate: number): number {
  return aq * price + aq * price * feeRate;
}

/** Largest whole quantity ≤ `aq` whose buy cost fits in `cash`. */
function affordable(
  m: CostModel,
  aq: number,
  ref: number,
  unit: number,
  volume: number,
  cash: number,
): number {
  if (!(cash > 0)) return 0;
  const f = 1 + m.feeRate;
  const participation = m.code === MODEL_PARTICIPATION;
  let q: number;
  if (participation) {
    // cost(q) = q·ref·(1 + c·q/V)·(1+f) is quadratic in q; take the positive root.
    const a = ref * m.coefficient * f / volume;
    const b = ref * f;
    q = a > 0 ? Math.floor((-b + Math.sqrt(b * b + 4 * a * cash)) / (2 * a)) : Math.floor(cash / b);
  } else {
    q = Math.floor(cash / ((ref + unit) * f));
  }
  if (q > aq) q = aq;
  // The closed forms can be one unit off through rounding; settle on the exact booking rule.
  while (q > 0 && costOf(m, q, ref, unit, volume, participation) > cash) q--;
  while (q < aq && costOf(m, q + 1, ref, unit, volume, participation) <= cash) q++;
  return q;
}

/** What a buy of `n` units costs, its price recomputed for `n` under participation. */
function costOf(
  m: CostModel,
  n: number,
  ref: number,
  unit: number,
  volume: number,
  participation: boolean,
): number {
  return buyCost(n, participation ? ref + ref * m.coefficient * n / volume : ref + unit, m.feeRate);
}

function write(
  out: Float64Array,
  qty: number,
  price: number,
  slippage: number,
  fee: number,
  flags: number,
): number {
  out[OUT_QTY] = qty;
  out[OUT_PRICE] = price;
  out[OUT_SLIPPAGE] = slippage;
  out[OUT_FEE] = fee;
  return flags;
}

function drop(out: Float64Array, flags: number): number {
  out[OUT_QTY] = 0;
  out[OUT_PRICE] = 0;
  out[OUT_SLIPPAGE] = 0;
  out[OUT_FEE] = 0;
  return flags;
}
