/**
 * @module
 * The synthetic market's shared shapes: what determines it, and one generated day. Both the
 * daily model (`_synthetic_model.ts`) and the day generator (`_synthetic_day.ts`) use them;
 * they live apart from both so the model can call the generator without an import circle.
 */
import type { Mbp1Columns, TradeColumns } from "../dbn/types.ts";

/** Inputs that fully determine the generated market. */
export interface SyntheticParams {
  symbol: string;
  seed: number;
  /** Mean trades on a full session. */
  tradesPerDay: number;
  /** The price on 2000-01-03, where every walk starts, in dollars. */
  startPrice: number;
}

/** One day of generated records: the TBBO columns and the same trades as TRADES columns. */
export interface SyntheticDay {
  /** Local trading date `YYYY-MM-DD`. */
  date: string;
  tbbo: Mbp1Columns;
  trades: TradeColumns;
  /**
   * The latent mid price at the end of each session minute: the martingale the quotes are
   * rounded from (not written to the DBN files; for tests and analysis).
   */
  mid: Float64Array;
}
