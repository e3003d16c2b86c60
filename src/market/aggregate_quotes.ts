/**
 * @module
 * The TBBO half of a derive: aggregates quote files into per-minute quote sums that
 * `BarAggregator.mergeQuoteState` merges into the trades half. Trades and quotes touch
 * disjoint accumulators, so running this half elsewhere (a second worker) gives the same bars
 * bit for bit; `jobs/quotes_runner.ts` runs it in a Web Worker, {@link aggregateQuotesHere}
 * on the caller's thread.
 */
import { DecodeError } from "../domain/errors.ts";
import type { Progress } from "../domain/ports.ts";
import { BarAggregator, type QuoteState } from "./derive_bars.ts";
import { type DbnReader, openDbn } from "./dbn/mod.ts";
import { Schema } from "./dbn/types.ts";

/** What to aggregate: TBBO files in order, the date range and session, the instruments. */
export interface QuotesRequest {
  /** Files to read, with the name to use in messages (the user's, not the cache copy's). */
  files: { path: string; label: string }[];
  from: string;
  to: string;
  extendedHours: boolean;
  /** Only these instrument ids (sorted), or null for all. */
  instrumentIds: number[] | null;
}

/** Runs the TBBO half somewhere: reports progress, stops when `signal` aborts. */
export type QuotesRunner = (
  req: QuotesRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: Progress) => void },
) => Promise<QuoteState>;

/**
 * Aggregates the TBBO files of `req` into per-minute quote sums.
 * @throws {DecodeError} naming the file's label and byte offset
 */
export async function aggregateQuotes(
  req: QuotesRequest,
  progress: (p: Progress) => void = () => {},
): Promise<QuoteState> {
  const agg = new BarAggregator({
    from: req.from,
    to: req.to,
    extendedHours: req.extendedHours,
    instrumentIds: req.instrumentIds ? new Set(req.instrumentIds) : undefined,
  });
  let before = 0;
  for (const f of req.files) {
    let reader: DbnReader | undefined;
    try {
      reader = await openDbn(f.path, { expectSchema: Schema.TBBO, reuseBatches: true });
      for await (const batch of reader.batches()) {
        if (batch.mbp1) agg.addQuotes(batch.mbp1);
        progress({ stage: "derive", done: before + reader.bytesRead, total: 0 });
      }
      before += reader.bytesRead;
    } catch (err) {
      // Name the file the user gave, not its copy in the raw cache.
      if (err instanceof DecodeError) throw new DecodeError(f.label, err.offset, err.reason);
      throw err;
    } finally {
      reader?.close();
    }
  }
  return agg.quoteState();
}

/**
 * {@link QuotesRunner} on the caller's thread (interleaved with the trades half at each
 * await): for callers without workers, e.g. tests and scripts. Abort is not observed: the
 * caller discards the result.
 */
export const aggregateQuotesHere: QuotesRunner = (req, opts) =>
  aggregateQuotes(req, opts.onProgress);
