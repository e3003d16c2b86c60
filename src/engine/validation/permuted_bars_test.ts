/**
 * @module
 * Tests of the permuted price paths: the identity rebuilds the real bars, a shuffle keeps
 * every bar's relative moves and shape, day pools stay inside their day, lazy columns are
 * rebuilt per shuffle, and the execution view carries only what the simulator reads.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { allocBars } from "../../domain/bars.ts";
import type { ExecutionConfig } from "../types.ts";
import { randomBars } from "../testing/bar_fixtures.ts";
import { nyUtcOffsetMinutes } from "../../market/calendar/ny_time.ts";
import { tradingDayStarts } from "../../market/calendar/day_starts.ts";
import { permutationSource, PermutedBars } from "./permuted_bars.ts";
import { Rng } from "./rng.ts";
import { sessionRandomBars } from "../testing/session_bars.ts";

const COLUMNS = [
  "open",
  "high",
  "low",
  "close",
  "vwap",
  "spreadMean",
  "bidMean",
  "askMean",
] as const;

function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.abs(b);
}

Deno.test("PermutedBars.apply() with the identity rebuilds the real bars", () => {
  const bars = randomBars(2000, 11);
  const path = new PermutedBars(permutationSource(bars, null));
  path.apply(Int32Array.from({ length: 2000 }, (_, i) => i));
  for (const c of COLUMNS) {
    for (let t = 0; t < 2000; t++) {
      assert.ok(
        relClose(path[c][t], bars[c][t], 1e-12),
        `${c}[${t}]: ${path[c][t]} vs ${bars[c][t]}`,
      );
    }
  }
  assert.deepEqual(path.volume, bars.volume);
  assert.deepEqual(path.tradeCount, bars.tradeCount);
  assert.equal(path.ts, bars.ts);
});

Deno.test("PermutedBars.shuffle() reorders whole bars' relative moves", () => {
  const bars = randomBars(3000, 12);
  const path = new PermutedBars(permutationSource(bars, null));
  path.shuffle(new Rng(5));
  const perm = path.perm;
  assert.equal(perm[0], 0);
  assert.deepEqual([...perm].sort((a, b) => a - b), Array.from({ length: 3000 }, (_, i) => i));
  let moved = 0;
  for (let t = 1; t < 3000; t++) {
    const j = perm[t];
    if (j !== t) moved++;
    // Each relative move of the bar it came from, to rounding.
    assert.ok(relClose(path.open[t] / path.close[t - 1], bars.open[j] / bars.close[j - 1], 1e-12));
    assert.ok(relClose(path.close[t] / path.open[t], bars.close[j] / bars.open[j], 1e-12));
    assert.ok(relClose(path.vwap[t] / path.open[t], bars.vwap[j] / bars.open[j], 1e-12));
    assert.ok(
      relClose(path.spreadMean[t] / path.close[t], bars.spreadMean[j] / bars.close[j], 1e-12),
    );
    assert.ok(relClose(path.bidMean[t] / path.close[t], bars.bidMean[j] / bars.close[j], 1e-12));
    // Volume and trade count move with the bar, exactly.
    assert.equal(path.volume[t], bars.volume[j]);
    assert.equal(path.tradeCount[t], bars.tradeCount[j]);
    // The bar's shape holds exactly.
    assert.ok(path.high[t] >= Math.max(path.open[t], path.close[t]));
    assert.ok(path.low[t] <= Math.min(path.open[t], path.close[t]));
  }
  assert.ok(moved > 2900, `only ${moved} bars moved`);
  // Same moves, other order: same first open and (to rounding) the same last close.
  assert.equal(path.open[0], bars.open[0]);
  assert.ok(relClose(path.close[2999], bars.close[2999], 1e-11));
});

Deno.test("PermutedBars.shuffle() depends on the generator alone", () => {
  const source = permutationSource(randomBars(500, 13), null);
  const a = new PermutedBars(source);
  const b = new PermutedBars(source);
  b.shuffle(new Rng(1)); // leaves a different permutation behind first
  a.shuffle(new Rng(9));
  b.shuffle(new Rng(9));
  assert.deepEqual(a.perm, b.perm);
  assert.deepEqual(a.close, b.close);
  assert.deepEqual(a.high, b.high);
});

Deno.test("PermutedBars.shuffle() with day starts keeps each bar in its trading day", () => {
  const bars = sessionRandomBars("2024-03-07", "2024-03-13", 14); // spans the DST switch
  const path = new PermutedBars(permutationSource(bars, tradingDayStarts(bars.ts)));
  path.shuffle(new Rng(3));
  const day = (ms: number) => Math.floor((ms + nyUtcOffsetMinutes(ms) * 60_000) / 86_400_000);
  let firsts = 0;
  let moved = 0;
  for (let t = 0; t < bars.length; t++) {
    const j = path.perm[t];
    assert.equal(day(bars.ts[j]), day(bars.ts[t]), `bar ${t} took bar ${j} from another day`);
    if (t === 0 || day(bars.ts[t]) !== day(bars.ts[t - 1])) {
      assert.equal(j, t, "a day's first bar stays");
      firsts++;
    } else if (j !== t) moved++;
  }
  assert.equal(firsts, 5); // Thu, Fri, Mon, Tue, Wed
  assert.ok(moved > 1800);
});

Deno.test("PermutedBars rebuilds a lazy column once per shuffle", () => {
  const path = new PermutedBars(permutationSource(randomBars(300, 15), null));
  path.shuffle(new Rng(1));
  const high = path.high;
  const first = high.slice();
  assert.equal(path.high, high);
  path.shuffle(new Rng(2));
  assert.equal(path.high, high); // same buffer…
  assert.notDeepEqual(path.high, first); // …new values
  path.shuffle(new Rng(3));
  const copy = { ...path }; // own enumerable getters: a spread copy sees the current path
  assert.equal(copy.high, high);
  assert.ok(Math.abs(copy.high[7] / copy.open[7] - 1) < 0.01);
  assert.deepEqual(copy.volume, path.volume);
});

Deno.test("PermutedBars.forExecution() carries only the columns the simulator reads", () => {
  const path = new PermutedBars(permutationSource(randomBars(100, 16), null));
  path.shuffle(new Rng(4));
  const base: ExecutionConfig = {
    fill_price: "open",
    fees_bps: 0,
    slippage: { model: "none" },
    borrow_bps: 0,
    auto_flatten: true,
    allow_short: false,
  };
  const plain = path.forExecution(base);
  assert.equal(plain.open, path.open);
  assert.equal(plain.close, path.close);
  assert.ok(
    Number.isNaN(plain.spreadMean[5]) && Number.isNaN(plain.volume[5]) &&
      Number.isNaN(plain.vwap[5]),
  );
  const full = path.forExecution({
    ...base,
    fill_price: "vwap",
    slippage: { model: "k_spread", k: 1 },
  });
  assert.equal(full.vwap, path.vwap);
  assert.equal(full.spreadMean, path.spreadMean);
  const part = path.forExecution({
    ...base,
    slippage: { model: "participation_rate", coefficient: 1 },
  });
  assert.equal(part.volume, path.volume);
});

Deno.test("permutationSource() refuses bars it cannot permute", () => {
  assert.throws(() => permutationSource(randomBars(1, 1), null), /at least 2 bars/);
  const bars = randomBars(10, 1);
  bars.open[4] = 0;
  assert.throws(() => permutationSource(bars, null), ValidationError);
  assert.throws(() => permutationSource(allocBars(3), null), /bar 0 has open 0/);
});
