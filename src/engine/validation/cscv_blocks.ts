/**
 * @module
 * The compact form of the CSCV performance matrix: the T × N matrix of per-bar returns
 * (T bars, N configurations) is cut into S contiguous row blocks, and each (configuration,
 * block) cell keeps only its return sum and sum of squares. The Sharpe ratio of any union of
 * blocks follows exactly from these moments, so a sweep member needs 2·S numbers instead of
 * T, and members computed by different workers can be stacked.
 *
 * Block b covers rows `[floor(b·T/S), floor((b+1)·T/S))`: sizes differ by at most one row
 * when S does not divide T (the paper asks for equal sizes; the unions' Sharpe ratios use the
 * true row counts, so nothing is dropped).
 */
import { ValidationError } from "../../domain/errors.ts";

/** Most blocks supported (C(50, 25) ≈ 1.3e14 is still an exact double). */
export const MAX_CSCV_BLOCKS = 50;

/** Return moments of one configuration per block. */
export interface MemberBlocks {
  /** Σ r over each block's rows (S values). */
  readonly sum: Float64Array;
  /** Σ r² over each block's rows (S values). */
  readonly sumSq: Float64Array;
}

/** Block moments of N configurations over the same T rows and S blocks. */
export interface BlockStats {
  /** T, the number of rows (bars). */
  readonly rows: number;
  /** S, the number of blocks (even). */
  readonly blocks: number;
  /** N, the number of configurations (columns). */
  readonly configs: number;
  /** Rows per block (S values). */
  readonly count: Float64Array;
  /** Σ r of configuration n in block b at `[n·S + b]`. */
  readonly sum: Float64Array;
  /** Σ r² of configuration n in block b at `[n·S + b]`. */
  readonly sumSq: Float64Array;
}

/**
 * Block edges: block b covers rows `[edges[b], edges[b+1])`.
 *
 * @param rows T
 * @param blocks S: an even integer in [2, {@link MAX_CSCV_BLOCKS}] with T ≥ 2·S (so every
 *   block has at least two rows)
 * @returns S + 1 edges, `edges[b] = floor(b·T/S)`
 * @throws {ValidationError} for a bad S or too few rows
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(Array.from(blockEdges(10, 4)), [0, 2, 5, 7, 10]);
 * ```
 */
export function blockEdges(rows: number, blocks: number): Int32Array {
  if (!(Number.isInteger(blocks) && blocks >= 2 && blocks <= MAX_CSCV_BLOCKS && blocks % 2 === 0)) {
    throw new ValidationError(
      `cscv: blocks must be an even integer in [2, ${MAX_CSCV_BLOCKS}], got ${blocks}`,
    );
  }
  if (!(Number.isInteger(rows) && rows >= 2 * blocks)) {
    throw new ValidationError(
      `cscv: ${rows} rows are too few for ${blocks} blocks (at least ${2 * blocks} needed)`,
    );
  }
  const edges = new Int32Array(blocks + 1);
  for (let b = 0; b <= blocks; b++) edges[b] = Math.floor(b * rows / blocks);
  return edges;
}

/**
 * Block moments of one return series.
 *
 * @param returns per-bar returns (T values, all finite)
 * @param blocks S (see {@link blockEdges})
 * @returns sums and sums of squares per block
 * @throws {ValidationError} for a bad S, too few rows, or a non-finite return
 */
export function memberBlockMoments(returns: ArrayLike<number>, blocks: number): MemberBlocks {
  const edges = blockEdges(returns.length, blocks);
  const sum = new Float64Array(blocks);
  const sumSq = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) {
    let s = 0;
    let q = 0;
    for (let t = edges[b]; t < edges[b + 1]; t++) {
      const r = returns[t];
      if (!Number.isFinite(r)) throw new ValidationError(`cscv: return at row ${t} is ${r}`);
      s += r;
      q += r * r;
    }
    sum[b] = s;
    sumSq[b] = q;
  }
  return { sum, sumSq };
}

/**
 * Stacks per-configuration block moments (e.g. sweep rows from several workers, in member
 * order) into one {@link BlockStats}.
 *
 * @param rows T, the bar count every member was computed on
 * @param blocks S
 * @param members one entry per configuration, in column order
 * @throws {ValidationError} for a bad S, too few rows, or a member with another S
 */
export function stackBlockStats(
  rows: number,
  blocks: number,
  members: readonly MemberBlocks[],
): BlockStats {
  const edges = blockEdges(rows, blocks);
  const count = new Float64Array(blocks);
  for (let b = 0; b < blocks; b++) count[b] = edges[b + 1] - edges[b];
  const n = members.length;
  const sum = new Float64Array(n * blocks);
  const sumSq = new Float64Array(n * blocks);
  members.forEach((m, i) => {
    if (m.sum.length !== blocks || m.sumSq.length !== blocks) {
      throw new ValidationError(
        `cscv: configuration ${i} has ${m.sum.length} blocks, expected ${blocks}`,
      );
    }
    sum.set(m.sum, i * blocks);
    sumSq.set(m.sumSq, i * blocks);
  });
  return { rows, blocks, configs: n, count, sum, sumSq };
}

/**
 * Block moments of N return columns (the paper's matrix M, one array per column).
 *
 * @param columns N arrays of T per-bar returns each
 * @param blocks S
 * @throws {ValidationError} for columns of different lengths, a non-finite return, a bad S
 *   or too few rows
 */
export function blockStatsFromColumns(
  columns: readonly ArrayLike<number>[],
  blocks: number,
): BlockStats {
  const rows = columns.length > 0 ? columns[0].length : 0;
  const members = columns.map((c, i) => {
    if (c.length !== rows) {
      throw new ValidationError(`cscv: column ${i} has ${c.length} rows, column 0 has ${rows}`);
    }
    return memberBlockMoments(c, blocks);
  });
  return stackBlockStats(rows, blocks, members);
}
