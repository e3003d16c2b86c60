/**
 * @module
 * Benchmark of the synthetic source.
 *
 * Run directly, it generates one symbol-year (2024, 252 sessions) of TRADES + TBBO `.dbn.zst`
 * at the default density and at 10x, and prints seconds, trades, file bytes and RSS:
 *
 *     scripts/deno run -A scripts/bench/synthetic_bench.ts
 *
 * Under `deno bench` it times the generation of one day's columns (no I/O) at both densities.
 */

import { sessionsBetween } from "../../src/market/calendar/mod.ts";
import {
  DEFAULT_TRADES_PER_DAY,
  generateSynthetic,
  SyntheticModel,
} from "../../src/market/sources/synthetic.ts";

const DENSITIES = [DEFAULT_TRADES_PER_DAY, 10 * DEFAULT_TRADES_PER_DAY];

if (import.meta.main) {
  for (const tradesPerDay of DENSITIES) {
    const outDir = await Deno.makeTempDir({ prefix: "hewston-synthetic-bench-" });
    try {
      const t0 = performance.now();
      const res = await generateSynthetic({
        symbol: "DEMO",
        from: "2024-01-01",
        to: "2024-12-31",
        seed: 1,
        outDir,
        tradesPerDay,
      });
      const seconds = (performance.now() - t0) / 1000;
      const tradesBytes = (await Deno.stat(res.tradesPath)).size;
      const tbboBytes = (await Deno.stat(res.tbboPath)).size;
      const rssMb = Deno.memoryUsage().rss / 2 ** 20;
      console.log(
        `tradesPerDay=${tradesPerDay}: ${seconds.toFixed(2)} s for ${res.days} days, ` +
          `${res.trades} trades (${(res.trades / seconds / 1e6).toFixed(2)} M/s); ` +
          `trades.dbn.zst ${tradesBytes} B, tbbo.dbn.zst ${tbboBytes} B; RSS ${
            rssMb.toFixed(0)
          } MiB`,
      );
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  }
} else {
  const session = sessionsBetween("2024-03-05", "2024-03-05")[0];
  for (const tradesPerDay of DENSITIES) {
    const model = new SyntheticModel({ symbol: "DEMO", seed: 1, tradesPerDay, startPrice: 100 });
    Deno.bench({
      name: `one day at ${tradesPerDay} trades/day`,
      group: "synthetic day",
      baseline: tradesPerDay === DEFAULT_TRADES_PER_DAY,
      fn() {
        model.day(session);
      },
    });
  }
}
