/**
 * @module
 * Decode + derive: TRADES and TBBO DBN files → 1-minute bars, on two cores. The TBBO files
 * are aggregated by the caller's {@link QuotesRunner} (a second worker in the product) while
 * this thread aggregates the trades; trades and quotes touch disjoint accumulators, so the
 * merged bars equal a sequential pass bit for bit. Memory stays bounded: the decoder streams, the aggregator is O(session minutes).
 */
import { basename } from "node:path";
import { DecodeError } from "../domain/errors.ts";
import type { Progress } from "../domain/ports.ts";
import type { Bars } from "../domain/bars.ts";
import { BarAggregator, type DeriveStats } from "./derive_bars.ts";
import { type DbnReader, openDbn } from "./dbn/mod.ts";
import { Schema } from "./dbn/types.ts";
import { aggregateQuotesHere, type QuotesRunner } from "./aggregate_quotes.ts";

/** One input file: where to read it, how to name it in messages, its size (progress). */
export interface DbnInputFile {
  path: string;
  label: string;
  size: number;
}

/** What to derive. */
export interface DeriveFromDbnOptions {
  trades: DbnInputFile[];
  tbbo: DbnInputFile[];
  from: string;
  to: string;
  extendedHours: boolean;
  instrumentIds?: ReadonlySet<number>;
  onProgress?: (p: Progress) => void;
  /**
   * Runs the TBBO half (`jobs/quotes_runner.ts` puts it in a worker).
   * @default aggregateQuotesHere (on this thread)
   */
  runQuotes?: QuotesRunner;
}

/**
 * Derives bars from TRADES (+ optional TBBO) files, in file order within each kind.
 * @throws {DecodeError} naming the file's label and byte offset
 */
export async function deriveFromDbn(
  opts: DeriveFromDbnOptions,
): Promise<{ bars: Bars; counts: DeriveStats }> {
  const progress = opts.onProgress ?? (() => {});
  const agg = new BarAggregator({
    from: opts.from,
    to: opts.to,
    extendedHours: opts.extendedHours,
    instrumentIds: opts.instrumentIds,
  });
  const total = [...opts.trades, ...opts.tbbo].reduce((a, f) => a + f.size, 0);
  let quotesDone = 0;
  let tradesDone = 0;
  const report = (message: string) =>
    progress({ stage: "derive", done: tradesDone + quotesDone, total, message });
  const abort = new AbortController();
  const runQuotes = opts.runQuotes ?? aggregateQuotesHere;
  const quotes = opts.tbbo.length === 0 ? null : runQuotes(
    {
      files: opts.tbbo.map((f) => ({ path: f.path, label: f.label })),
      from: opts.from,
      to: opts.to,
      extendedHours: opts.extendedHours,
      instrumentIds: opts.instrumentIds ? [...opts.instrumentIds].sort((a, b) => a - b) : null,
    },
    {
      signal: abort.signal,
      onProgress: (p) => {
        quotesDone = p.done;
        report("TBBO");
      },
    },
  );
  // Observed here so a quotes failure while trades still run is never "unhandled".
  quotes?.catch(() => {});
  try {
    let before = 0;
    for (const f of opts.trades) {
      // The aggregator copies what it needs, so the decoder may recycle batch memory.
      let reader: DbnReader | undefined;
      try {
        reader = await openDbn(f.path, { expectSchema: Schema.TRADES, reuseBatches: true });
        for await (const batch of reader.batches()) {
          if (batch.trades) agg.addTrades(batch.trades);
          if (batch.mbp1) agg.addTrades(batch.mbp1);
          tradesDone = before + reader.bytesRead;
          report(basename(f.label));
        }
      } catch (err) {
        if (err instanceof DecodeError && f.label !== f.path) {
          throw new DecodeError(f.label, err.offset, err.reason);
        }
        throw err;
      } finally {
        reader?.close();
      }
      before += f.size;
    }
  } catch (err) {
    // Stop the TBBO worker at once: the build has failed.
    abort.abort();
    throw err;
  }
  if (quotes) agg.mergeQuoteState(await quotes);
  return { bars: agg.finish(), counts: agg.stats };
}
