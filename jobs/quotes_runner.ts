/**
 * @module
 * The TBBO half of a derive in its own Web Worker (`quotes_worker.ts`): the
 * {@link QuotesRunner} that dataset builds get from the worker that runs them. Each request
 * gets a worker pool of one that closes when the task settles, so the CPU-bound pass never
 * blocks the build's own event loop (its trades pass, its progress reports).
 */
import type { QuotesRequest, QuotesRunner } from "../src/market/aggregate_quotes.ts";
import type { QuoteState } from "../src/market/derive_bars.ts";
import { WorkerPool } from "./pool.ts";

/**
 * Runs `aggregateQuotes` in a dedicated worker that ends with the task.
 * @throws {HewstonError} carrying the worker's error code and message, or CANCELLED
 */
export const runQuotesInWorker: QuotesRunner = async (req, opts) => {
  const pool = new WorkerPool(new URL("./quotes_worker.ts", import.meta.url), 1);
  try {
    return await pool.run<QuotesRequest, QuoteState>(req, opts);
  } finally {
    pool.close();
  }
};
