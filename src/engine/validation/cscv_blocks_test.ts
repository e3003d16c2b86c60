/**
 * @module
 * Tests of the CSCV block moments: block edges, per-block sums, stacking and input checks.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import {
  blockEdges,
  blockStatsFromColumns,
  memberBlockMoments,
  stackBlockStats,
} from "./cscv_blocks.ts";

Deno.test("blockEdges() cuts T rows into S contiguous blocks of ⌊T/S⌋ or ⌈T/S⌉ rows", () => {
  assert.deepEqual(Array.from(blockEdges(10, 4)), [0, 2, 5, 7, 10]);
  assert.deepEqual(Array.from(blockEdges(16, 8)), [0, 2, 4, 6, 8, 10, 12, 14, 16]);
  assert.deepEqual(Array.from(blockEdges(4, 2)), [0, 2, 4]);
});

Deno.test("blockEdges() refuses odd or out-of-range block counts and too few rows", () => {
  const msg = (fn: () => unknown, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof ValidationError && e.message === message);
  msg(() => blockEdges(100, 3), "cscv: blocks must be an even integer in [2, 50], got 3");
  msg(() => blockEdges(100, 0), "cscv: blocks must be an even integer in [2, 50], got 0");
  msg(() => blockEdges(1000, 52), "cscv: blocks must be an even integer in [2, 50], got 52");
  msg(() => blockEdges(31, 16), "cscv: 31 rows are too few for 16 blocks (at least 32 needed)");
});

Deno.test("memberBlockMoments() sums returns and squares per block", () => {
  const m = memberBlockMoments([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4);
  // Blocks [0,2) [2,5) [5,7) [7,10): values 1,2 | 3,4,5 | 6,7 | 8,9,10.
  assert.deepEqual(Array.from(m.sum), [3, 12, 13, 27]);
  assert.deepEqual(Array.from(m.sumSq), [5, 50, 85, 245]);
  assert.throws(() => memberBlockMoments([0, 0, NaN, 0], 2), {
    message: "cscv: return at row 2 is NaN",
  });
});

Deno.test("stackBlockStats() lays configurations out column by column", () => {
  const a = memberBlockMoments([1, 1, 2, 2], 2);
  const b = memberBlockMoments([0, 3, 0, -1], 2);
  const s = stackBlockStats(4, 2, [a, b]);
  assert.equal(s.rows, 4);
  assert.equal(s.blocks, 2);
  assert.equal(s.configs, 2);
  assert.deepEqual(Array.from(s.count), [2, 2]);
  assert.deepEqual(Array.from(s.sum), [2, 4, 3, -1]);
  assert.deepEqual(Array.from(s.sumSq), [2, 8, 9, 1]);
  assert.deepEqual(blockStatsFromColumns([[1, 1, 2, 2], [0, 3, 0, -1]], 2), s);
  assert.throws(() => stackBlockStats(8, 4, [a]), {
    message: "cscv: configuration 0 has 2 blocks, expected 4",
  });
  assert.throws(() => blockStatsFromColumns([[1, 2, 3, 4], [1, 2, 3]], 2), {
    message: "cscv: column 1 has 3 rows, column 0 has 4",
  });
});
