/**
 * @module
 * Web Worker entry: aggregates the TBBO files of a dataset build into per-minute quote sums,
 * while the dataset worker aggregates the trades — the two halves of a derive on two cores.
 */
import { aggregateQuotes, type QuotesRequest } from "../src/market/aggregate_quotes.ts";
import type { QuoteState } from "../src/market/derive_bars.ts";
import { serveTasks } from "./pool.ts";

serveTasks<QuotesRequest, QuoteState>(aggregateQuotes);
