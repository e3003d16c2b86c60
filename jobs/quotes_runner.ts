/**
 * @module
 * The TBBO half of a derive in its own Web Worker (`quotes_worker.ts`): the
 * {@link QuotesRunner} that dataset builds get from the worker that runs them.
 */
import type { QuotesRequest, QuotesRunner } from "../src/market/aggregate_quotes.ts";
import type { QuoteState } from "../src/market/derive_bars.ts";
import { runJob } from "./run_job.ts";

/** Runs `aggregateQuotes` in a dedicated worker that ends with the task. */
export const runQuotesInWorker: QuotesRunner = (req, opts) =>
  runJob<QuotesRequest, QuoteState>(new URL("./quotes_worker.ts", import.meta.url), req, opts);
