/**
 * Specs of the bounded job-duration record behind /metrics.
 */
import assert from "node:assert/strict";
import { JobDurations, RECENT_JOBS } from "./job_durations.ts";

Deno.test("JobDurations keeps count and sum of every job but only the last RECENT_JOBS durations", () => {
  const d = new JobDurations();
  const n = 5 * RECENT_JOBS + 7;
  for (let i = 0; i < n; i++) d.record("backtest", i);
  d.record("dataset", 40);
  d.record("dataset", 10);
  const b = d.summary("backtest");
  assert.equal(b.count, n);
  assert.equal(b.sumMs, (n * (n - 1)) / 2);
  assert.equal(b.recentMs.length, RECENT_JOBS);
  // The window is the most recent jobs, ascending.
  assert.deepEqual(b.recentMs, Array.from({ length: RECENT_JOBS }, (_, i) => n - RECENT_JOBS + i));
  assert.deepEqual(d.summary("dataset"), { count: 2, sumMs: 50, recentMs: [10, 40] });
  assert.deepEqual(d.summary("sweep"), { count: 0, sumMs: 0, recentMs: [] });
  assert.deepEqual(d.kinds(), ["backtest", "dataset"]);
  assert.equal(d.retained, RECENT_JOBS + 2);
});
