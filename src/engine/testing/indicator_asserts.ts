/**
 * @module
 * Assertions and naive references for the indicator tests in this folder.
 */
import assert from "node:assert/strict";

/**
 * Asserts `actual` has NaN exactly where `expected` has, and elsewhere
 * `|actual − expected| ≤ rel·|expected| + abs`.
 */
export function assertSeriesClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel: number,
  abs = 0,
): void {
  assert.equal(actual.length, expected.length, "length");
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `index ${i}: expected NaN, got ${a}`);
      continue;
    }
    const tol = rel * Math.abs(e) + abs;
    assert.ok(Math.abs(a - e) <= tol, `index ${i}: expected ${e}, got ${a} (tolerance ${tol})`);
  }
}

/** The one-bar shift applied to a naive unshifted reference. */
export function shift(raw: ArrayLike<number>): number[] {
  const out = [NaN];
  for (let i = 0; i + 1 < raw.length; i++) out.push(raw[i]);
  return out;
}

/** O(n·w) rolling mean: NaN where the window is incomplete or holds a NaN. */
export function naiveRollingMean(x: ArrayLike<number>, w: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < x.length; t++) {
    if (t < w - 1) {
      out.push(NaN);
      continue;
    }
    let s = 0;
    for (let k = t - w + 1; k <= t; k++) s += x[k];
    out.push(s / w);
  }
  return out;
}

/** O(n·w) two-pass rolling sample std (n − 1). */
export function naiveRollingStd(x: ArrayLike<number>, w: number): number[] {
  const means = naiveRollingMean(x, w);
  return means.map((m, t) => {
    if (Number.isNaN(m)) return NaN;
    let ss = 0;
    for (let k = t - w + 1; k <= t; k++) ss += (x[k] - m) ** 2;
    return Math.sqrt(ss / (w - 1));
  });
}

/**
 * O(n²) Wilder average written as a weighted sum over all history: with seed `s` = mean of
 * `x[a..a+w−1]`, the value at `t ≥ a+w−1` is `q^(t−a−w+1)·s + Σ_{k=a+w}^{t} q^(t−k)·x[k]/w`,
 * `q = (w−1)/w`. NaN before `a+w−1`.
 */
export function naiveWilder(x: ArrayLike<number>, w: number, a: number): number[] {
  const q = (w - 1) / w;
  const out: number[] = [];
  let seed = 0;
  for (let k = a; k < a + w && k < x.length; k++) seed += x[k];
  seed /= w;
  for (let t = 0; t < x.length; t++) {
    if (t < a + w - 1) {
      out.push(NaN);
      continue;
    }
    let v = q ** (t - a - w + 1) * seed;
    for (let k = a + w; k <= t; k++) v += q ** (t - k) * x[k] / w;
    out.push(v);
  }
  return out;
}
