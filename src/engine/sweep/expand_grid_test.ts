/**
 * @module
 * Tests of grid expansion: row-major order, base parameters, schema-rejected combinations
 * skipped and counted, and the errors for unusable grids.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { expandGrid } from "./expand_grid.ts";
import { parseGrid } from "./grid.ts";

Deno.test("expandGrid() lists combinations row-major, the last axis fastest", () => {
  const e = expandGrid(parseGrid(["a=1,2", "b=x,y,z"]), { c: true });
  assert.equal(e.combinations, 6);
  assert.equal(e.skipped, 0);
  assert.equal(e.firstSkipReason, null);
  assert.deepEqual(e.members, [
    { c: true, a: 1, b: "x" },
    { c: true, a: 1, b: "y" },
    { c: true, a: 1, b: "z" },
    { c: true, a: 2, b: "x" },
    { c: true, a: 2, b: "y" },
    { c: true, a: 2, b: "z" },
  ]);
});

Deno.test("expandGrid() skips and counts combinations the strategy rejects (fast ≥ slow)", () => {
  const e = expandGrid(parseGrid(["fast=5:50:5", "slow=20:200:10"]), {}, "sma_crossover");
  assert.equal(e.combinations, 190);
  // fast ≥ slow: fast 20,25 × slow 20 (2), fast 30,35 × 20,30 (4), 40,45 × 20..40 (6), 50 × 20..50 (4).
  assert.equal(e.skipped, 16);
  assert.equal(e.members.length, 174);
  assert.deepEqual(e.members[0], { fast: 5, slow: 20, allow_short: false });
  assert.deepEqual(e.members[19], { fast: 10, slow: 20, allow_short: false });
  assert.deepEqual(e.members[173], { fast: 50, slow: 200, allow_short: false });
  assert.equal(e.firstSkipReason, "sma_crossover params: fast (20) must be less than slow (20)");
  for (let i = 1; i < e.members.length; i++) {
    const [p, q] = [e.members[i - 1], e.members[i]];
    const before = (p.fast as number) < (q.fast as number) ||
      (p.fast === q.fast && (p.slow as number) < (q.slow as number));
    assert.ok(before, `member ${i} out of order`);
  }
});

Deno.test("expandGrid() applies base parameters under the grid values", () => {
  const e = expandGrid(parseGrid(["slow=30,40"]), { fast: 7, allow_short: true }, "dual_sma");
  assert.deepEqual(e.members, [
    { fast: 7, slow: 30, allow_short: true },
    { fast: 7, slow: 40, allow_short: true },
  ]);
  const empty = expandGrid([], { fast: 3, slow: 9 }, "dual_sma");
  assert.deepEqual(empty.members, [{ fast: 3, slow: 9, allow_short: false }]);
});

Deno.test("expandGrid() refuses unknown parameters and grids with no valid combination", () => {
  assert.throws(() => expandGrid(parseGrid(["fats=5,10"]), {}, "sma_crossover"), {
    message: 'grid: "fats" is not a parameter of sma_crossover (known: allow_short, fast, slow)',
  });
  assert.throws(() => expandGrid(parseGrid(["fast=60,70"]), { slow: 50 }, "sma_crossover"), {
    message:
      "grid: all 2 combinations are invalid; first: sma_crossover params: fast (60) must be less than slow (50)",
  });
  assert.throws(
    () => expandGrid(parseGrid(["a=1:400:1", "b=1:400:1"])),
    (err: unknown) => err instanceof ValidationError && /160000 combinations/.test(err.message),
  );
});
