/**
 * @module
 * The synthetic market model: daily anchors per (seed, symbol), and the day generator of
 * `_synthetic_day.ts` under them.
 *
 * Every day is a pure function of (seed, symbol, date, tradesPerDay, startPrice), never of the
 * requested range, so days can be generated in any order or in parallel and a longer range
 * repeats the days of a shorter one exactly:
 *
 * - **Daily anchors.** A walk over every weekday since 2000-01-03 (holidays included, so the
 *   index never depends on the calendar) gives each day's open and close. The log price
 *   mean-reverts slowly (half-life ≈ 170 trading days, stationary spread ≈ ±18%) around
 *   `startPrice`; daily variance follows GARCH(1,1) (≈1.6% a day in the long run); the open
 *   gaps from the previous close by about a third of a daily move. Reaching a date costs a
 *   few thousand steps, i.e. nothing.
 * - **Intraday.** 1-second log returns with GARCH(1,1) variance (persistence 0.998, a
 *   half-life of about six minutes), a per-minute log-volatility AR(1) (half-life ≈ 34
 *   minutes) and a U-shaped seasonal factor; the path is bridged (a constant drift
 *   correction) so it ends exactly on the day's close anchor.
 * - **Trades.** A Poisson process whose intensity is U-shaped over the session (≈2.7× the
 *   midday rate in the first 30 minutes, ≈2.2× in the last) and rises with the current
 *   variance. The daily count averages `tradesPerDay` (pro rata on early-close days) times a
 *   memoryless factor of mean 1 that is larger on big-move days. The aggressor side leans
 *   with the second's return.
 * - **Book.** Quotes on a 0.01 grid around the mid; the spread is a few ticks, wider in the
 *   first minutes, in high variance and for higher prices. Each TBBO record carries the book
 *   just before its trade; a trade at the touch consumes that level, and a cleared level
 *   moves one tick out. About 4% of trades print inside the spread.
 */

import type { Session } from "../calendar/mod.ts";
import type { Mbp1Columns, TradeColumns } from "../dbn/types.ts";
import type { DayAnchor } from "./_synthetic_day.ts";
import { ValidationError } from "../../domain/errors.ts";
import { DAILY_VOL, generateDay } from "./_synthetic_day.ts";
import { hashInts, hashString, Rng, seedWords } from "./_prng.ts";

export { PUBLISHER_XNAS_ITCH } from "./_day_columns.ts";

/** Inputs that fully determine the generated market. */
export interface SyntheticParams {
  symbol: string;
  seed: number;
  /** Mean trades on a full session. */
  tradesPerDay: number;
  /** The level the price mean-reverts around, in dollars. */
  startPrice: number;
}

/** One day of generated records: the TBBO columns and the same trades as TRADES columns. */
export interface SyntheticDay {
  /** Local trading date `YYYY-MM-DD`. */
  date: string;
  tbbo: Mbp1Columns;
  trades: TradeColumns;
}

const EPOCH_DAY = Date.UTC(2000, 0, 3) / 86_400_000; // a Monday
const DAILY_ALPHA = 0.08;
const DAILY_BETA = 0.9;
const GAP_SHARE = 0.3;
const MEAN_REVERSION = 1 / 250;

/** Generates days of one symbol; keeps the daily anchor walk between calls. */
export class SyntheticModel {
  /** Instrument id written in every record and in the symbol mapping. */
  readonly instrumentId: number;
  readonly #p: SyntheticParams;
  readonly #key: number;
  readonly #anchors: AnchorWalk;

  /** @param params the model inputs (validated by the caller) */
  constructor(params: SyntheticParams) {
    this.#p = params;
    this.#key = hashInts(...seedWords(params.seed), hashString(params.symbol));
    this.instrumentId = instrumentIdFor(params.symbol, params.seed);
    this.#anchors = new AnchorWalk(hashInts(this.#key, 0xa4c4));
  }

  /**
   * Generates the records of one regular session.
   * @param session a session of the calendar (2000..2035)
   */
  day(session: Session): SyntheticDay {
    const anchor = this.#anchors.at(weekdayIndex(session.date));
    return generateDay(this.#p, this.instrumentId, this.#key, session, anchor);
  }
}

/**
 * The instrument id of a symbol under a seed: stable, in 1..2^31-2.
 * @param symbol raw symbol
 * @param seed generator seed
 */
export function instrumentIdFor(symbol: string, seed: number): number {
  return 1 + hashInts(...seedWords(seed), hashString(symbol), 0x1d) % 0x7ffffffe;
}

class AnchorWalk {
  readonly #seedKey: number;
  #rng!: Rng;
  #index = -1;
  #x = 0;
  #h = DAILY_VOL * DAILY_VOL;
  #cur: DayAnchor = { open: 0, close: 0, volMult: 1, volumeMult: 1 };

  constructor(seedKey: number) {
    this.#seedKey = seedKey;
    this.#reset();
  }

  at(index: number): DayAnchor {
    if (index < this.#index) this.#reset();
    while (this.#index < index) this.#step();
    return this.#cur;
  }

  #reset(): void {
    this.#rng = new Rng(this.#seedKey);
    this.#index = -1;
    this.#x = 0;
    this.#h = DAILY_VOL * DAILY_VOL;
  }

  #step(): void {
    const rng = this.#rng;
    const sd = Math.min(4 * DAILY_VOL, Math.max(0.4 * DAILY_VOL, Math.sqrt(this.#h)));
    const shock = rng.normal();
    const move = sd * shock;
    const open = this.#x + GAP_SHARE * sd * rng.normal();
    const close = open + move - MEAN_REVERSION * this.#x;
    const volMult = sd / DAILY_VOL;
    this.#cur = {
      open,
      close,
      volMult,
      // Big-move days trade more; the factor has mean 1 and no memory, so any few months
      // average close to tradesPerDay.
      volumeMult: Math.exp(0.2 * rng.normal() - 0.02) * (0.7 + 0.3 * shock * shock),
    };
    const w = DAILY_VOL * DAILY_VOL * (1 - DAILY_ALPHA - DAILY_BETA);
    this.#h = w + DAILY_ALPHA * move * move + DAILY_BETA * this.#h;
    this.#x = close;
    this.#index++;
  }
}

function weekdayIndex(date: string): number {
  const day = Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) /
    86_400_000;
  const k = day - EPOCH_DAY;
  if (!(k >= 0)) throw new ValidationError(`synthetic data starts on 2000-01-03, got ${date}`);
  return Math.floor(k / 7) * 5 + Math.min(k % 7, 4);
}
