import assert from "node:assert/strict";
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { SqliteTrials } from "./trials_sqlite.ts";

Deno.test("SqliteTrials counts distinct configurations and the variance of their Sharpe ratios", () => {
  const cat = new SqliteCatalog(":memory:");
  const trials = new SqliteTrials(cat.db);
  assert.deepEqual(trials.stats("D", "s"), { trials: 0, sharpeVariance: null });
  const t = (fast: number, sharpe: number | null) => ({
    datasetId: "D",
    strategyId: "s",
    config: { fast },
    source: "sweep" as const,
    sourceId: "w1",
    sharpe,
  });
  trials.record([t(5, 1), t(10, 2), t(15, 3), t(20, null)]);
  trials.record([t(5, 9)]); // the same configuration again: still one trial
  const s = trials.stats("D", "s");
  assert.equal(s.trials, 4);
  assert.ok(Math.abs(s.sharpeVariance! - 1) < 1e-12); // var(1, 2, 3) = 1
  assert.deepEqual(trials.stats("D", "other"), { trials: 0, sharpeVariance: null });
  cat.close();
});
