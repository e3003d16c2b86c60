/**
 * @module
 * The synthetic market model, daily level: one walk per (seed, symbol) over every weekday
 * since 2000-01-03 (holidays included, so the index never depends on the calendar) gives
 * each day its opening log price, its intraday log move and variance, and its activity; the
 * day generator of `_synthetic_day.ts` fills in the session under them. The equations and
 * why the mid price is a martingale: `docs/synthetic.md`.
 *
 * Every day is a pure function of (seed, symbol, date, tradesPerDay, startPrice), never of the
 * requested range, so days can be generated in any order and a longer range repeats the days
 * of a shorter one exactly. Reaching a date costs a few thousand daily steps, i.e. nothing.
 *
 * - **Variance.** GARCH(1,1) on the close-to-close log return, h' = ω + α·R² + β·h
 *   (α = 0.08, β = 0.9, long-run daily volatility 1.26 %, about 20 % a year), its standard
 *   deviation clamped to 0.4..4 times the long-run level. It depends on R², never on its sign.
 * - **Moves.** The overnight gap carries 20 % of the day's variance, the session 80 %; both
 *   are h-scaled standard normals, each minus half its variance, so that the price (not only
 *   its logarithm) has no drift: E[exp(gap − v/2)] = 1.
 * - **Activity.** The day's expected trade count is `tradesPerDay` (pro rata on early closes)
 *   times a factor of mean 1 that is larger on big-move days; it never depends on a sign.
 */

import type { Session } from "../calendar/mod.ts";
import type { DayAnchor } from "./_synthetic_day.ts";
import type { SyntheticDay, SyntheticParams } from "./_synthetic_types.ts";
import { ValidationError } from "../../domain/errors.ts";
import { generateDay } from "./_synthetic_day.ts";
import { hashInts, hashString, Rng, seedWords } from "./_prng.ts";

export { PUBLISHER_XNAS_ITCH } from "./_day_columns.ts";
export type { SyntheticDay, SyntheticParams } from "./_synthetic_types.ts";

/** Long-run daily volatility of the log price (≈20 % a year). */
export const DAILY_VOL = 0.0126;
/** Share of a day's variance in the overnight gap. */
export const GAP_SHARE = 0.2;

const EPOCH_DAY = Date.UTC(2000, 0, 3) / 86_400_000; // a Monday
const DAILY_ALPHA = 0.08;
const DAILY_BETA = 0.9;

/** Generates days of one symbol; keeps the daily walk between calls. */
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
    this.#anchors = new AnchorWalk(hashInts(this.#key, 0xa4c5));
  }

  /**
   * Generates the records of one regular session.
   * @param session a session of the calendar (2000..2035)
   */
  day(session: Session): SyntheticDay {
    const anchor = this.#anchors.at(weekdayIndex(session.date));
    return generateDay(this.#p, this.instrumentId, this.#key, session, anchor);
  }

  /**
   * The daily anchor of a date (its open, intraday move and variance), for tests and docs.
   * @param date `YYYY-MM-DD`, a weekday from 2000-01-03
   */
  anchor(date: string): Readonly<DayAnchor> {
    return { ...this.#anchors.at(weekdayIndex(date)) };
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
  #cur: DayAnchor = { open: 0, move: 0, variance: 0, volMult: 1, volumeMult: 1 };

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
    // h is known before the day starts: clamping it keeps the walk sane without ever
    // looking at the sign of a move.
    const sd = Math.min(4 * DAILY_VOL, Math.max(0.4 * DAILY_VOL, Math.sqrt(this.#h)));
    const gapVar = GAP_SHARE * sd * sd;
    const variance = (1 - GAP_SHARE) * sd * sd;
    const gap = Math.sqrt(gapVar) * rng.normal();
    const shock = rng.normal();
    const move = Math.sqrt(variance) * shock;
    const open = this.#x + gap - gapVar / 2;
    this.#cur = {
      open,
      move,
      variance,
      volMult: sd / DAILY_VOL,
      // Big-move days trade more; the factor has mean 1 and no memory, so any few months
      // average close to tradesPerDay. It reads shock², never the sign.
      volumeMult: Math.exp(0.2 * rng.normal() - 0.02) * (0.7 + 0.3 * shock * shock),
    };
    const ret = gap + move;
    const w = DAILY_VOL * DAILY_VOL * (1 - DAILY_ALPHA - DAILY_BETA);
    this.#h = w + DAILY_ALPHA * ret * ret + DAILY_BETA * this.#h;
    this.#x = open + move - variance / 2;
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
