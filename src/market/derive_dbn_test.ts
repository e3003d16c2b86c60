import assert from "node:assert/strict";
import { join } from "node:path";
import { deriveFromDbn } from "./derive_dbn.ts";
import { BarAggregator } from "./derive_bars.ts";
import { openDbn } from "./dbn/mod.ts";
import { generateSynthetic } from "./sources/synthetic.ts";
import { runQuotesInWorker } from "../../jobs/quotes_runner.ts";

Deno.test("deriveFromDbn() on two workers, or with the TBBO half on this thread, equals one sequential pass bit for bit", async () => {
  const dir = await Deno.makeTempDir();
  const g = await generateSynthetic({
    symbol: "TEST",
    from: "2024-03-07",
    to: "2024-03-12",
    seed: 3,
    outDir: dir,
    tradesPerDay: 3000,
  });
  const file = (path: string) => ({ path, label: path, size: Deno.statSync(path).size });
  const seen: number[] = [];
  const parallel = await deriveFromDbn({
    trades: [file(g.tradesPath)],
    tbbo: [file(g.tbboPath)],
    from: "2024-03-07",
    to: "2024-03-12",
    extendedHours: false,
    onProgress: (p) => seen.push(p.done),
    runQuotes: runQuotesInWorker,
  });
  const seq = new BarAggregator({ from: "2024-03-07", to: "2024-03-12" });
  for (const [path, quotes] of [[g.tradesPath, false], [g.tbboPath, true]] as const) {
    const r = await openDbn(path);
    for await (const b of r.batches()) {
      if (quotes) seq.addQuotes(b.mbp1!);
      else seq.addTrades(b.trades!);
    }
  }
  const expected = seq.finish();
  assert.deepEqual(parallel.bars, expected);
  assert.deepEqual(parallel.counts, seq.stats);
  // The default runner (the TBBO half on this thread) gives the same bars.
  const here = await deriveFromDbn({
    trades: [file(g.tradesPath)],
    tbbo: [file(g.tbboPath)],
    from: "2024-03-07",
    to: "2024-03-12",
    extendedHours: false,
  });
  assert.deepEqual(here.bars, expected);
  assert.deepEqual(here.counts, seq.stats);
  assert.equal(parallel.counts.trades, g.trades);
  assert.ok(seen.length > 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("deriveFromDbn() names the user's file when a TBBO file is corrupt", async () => {
  const dir = await Deno.makeTempDir();
  const g = await generateSynthetic({
    symbol: "TEST",
    from: "2024-03-07",
    to: "2024-03-07",
    seed: 3,
    outDir: dir,
    tradesPerDay: 500,
  });
  const bytes = await Deno.readFile(g.tbboPath);
  const bad = join(dir, "cut.tbbo.dbn.zst");
  await Deno.writeFile(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const file = (path: string, label = path) => ({ path, label, size: Deno.statSync(path).size });
  await assert.rejects(
    deriveFromDbn({
      trades: [file(g.tradesPath)],
      tbbo: [file(bad, "/home/me/AAPL.tbbo.dbn.zst")],
      from: "2024-03-07",
      to: "2024-03-07",
      extendedHours: false,
      runQuotes: runQuotesInWorker,
    }),
    /^.*\/home\/me\/AAPL\.tbbo\.dbn\.zst: .* at byte offset \d+$/,
  );
  await Deno.remove(dir, { recursive: true });
});
