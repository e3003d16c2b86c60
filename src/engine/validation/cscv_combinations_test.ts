/**
 * @module
 * Tests of the CSCV in-sample sets: binomials, lexicographic enumeration, unranking, and the
 * seeded sample used when there are too many sets.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { binomial, cscvCombinations, unrankCombination } from "./cscv_combinations.ts";

Deno.test("binomial() is exact up to C(50, 25) and refuses what a double cannot hold", () => {
  assert.equal(binomial(16, 8), 12_870);
  assert.equal(binomial(20, 10), 184_756);
  assert.equal(binomial(50, 25), 126_410_606_437_752);
  assert.equal(binomial(5, 0), 1);
  assert.equal(binomial(5, 7), 0);
  assert.throws(() => binomial(70, 35), {
    message: "C(70, 35) is too large to compute exactly",
  });
});

Deno.test("cscvCombinations() lists all C(S, S/2) sets in lexicographic order", () => {
  const c = cscvCombinations(4, 100, 7);
  assert.equal(c.count, 6);
  assert.equal(c.total, 6);
  assert.equal(c.sampled, false);
  assert.deepEqual(Array.from(c.sets), [0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3]);
  const all = cscvCombinations(16, 20_000, 0);
  assert.equal(all.count, 12_870);
  assert.deepEqual(Array.from(all.sets.subarray(0, 8)), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(all.sets.subarray(all.sets.length - 8)), [
    8,
    9,
    10,
    11,
    12,
    13,
    14,
    15,
  ]);
});

Deno.test("unrankCombination() inverts the lexicographic enumeration", () => {
  const c = cscvCombinations(8, 1_000, 0);
  const out = new Int32Array(4);
  for (let r = 0; r < c.count; r++) {
    unrankCombination(8, 4, r, out);
    assert.deepEqual(Array.from(out), Array.from(c.sets.subarray(r * 4, r * 4 + 4)), `rank ${r}`);
  }
});

Deno.test("cscvCombinations() samples distinct sets deterministically from the seed", () => {
  const a = cscvCombinations(8, 10, 1);
  assert.equal(a.count, 10);
  assert.equal(a.total, 70);
  assert.equal(a.sampled, true);
  assert.deepEqual(cscvCombinations(8, 10, 1), a);
  assert.notDeepEqual(cscvCombinations(8, 10, 2).sets, a.sets);
  const keys = new Set<string>();
  let prev = "";
  for (let i = 0; i < a.count; i++) {
    const set = Array.from(a.sets.subarray(i * 4, i * 4 + 4));
    for (let j = 1; j < 4; j++) assert.ok(set[j - 1] < set[j]);
    const key = set.map((x) => x.toString(16)).join("");
    assert.ok(key > prev, "sets come in increasing lexicographic order");
    prev = key;
    keys.add(key);
  }
  assert.equal(keys.size, 10);
  assert.deepEqual(Array.from(a.sets), PINNED_SEED_1);
  const big = cscvCombinations(20, 500, 3);
  assert.equal(big.count, 500);
  assert.equal(big.total, 184_756);
});

Deno.test("cscvCombinations() refuses bad block counts and caps", () => {
  assert.throws(
    () => cscvCombinations(5, 10, 0),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.message === "cscv: blocks must be an even integer in [2, 50], got 5",
  );
  assert.throws(() => cscvCombinations(8, 0, 0), {
    message: "cscv: maxCombinations must be an integer ≥ 1, got 0",
  });
});

/** The sample of 10 of the 70 sets of 4 out of 8 blocks drawn with seed 1. */
const PINNED_SEED_1 = [
  [0, 1, 4, 5],
  [0, 2, 3, 5],
  [0, 3, 4, 7],
  [0, 3, 6, 7],
  [0, 4, 5, 7],
  [0, 4, 6, 7],
  [1, 2, 3, 7],
  [1, 2, 4, 5],
  [2, 4, 5, 6],
  [4, 5, 6, 7],
].flat();
