/**
 * @module
 * Web Worker entry: aggregates the TBBO files of a dataset build into per-minute quote sums,
 * while the dataset worker aggregates the trades — the two halves of a derive on two cores.
 */
import { DecodeError } from "../src/domain/errors.ts";
import { BarAggregator, type QuoteState } from "../src/market/derive_bars.ts";
import { type DbnReader, openDbn } from "../src/market/dbn/mod.ts";
import { Schema } from "../src/market/dbn/types.ts";
import { serveTasks } from "./pool.ts";

/** What the caller posts to this worker. */
export interface QuotesJobRequest {
  files: { path: string; label: string }[];
  from: string;
  to: string;
  extendedHours: boolean;
  instrumentIds: number[] | null;
}

serveTasks<QuotesJobRequest, QuoteState>(async (req, progress) => {
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
});
