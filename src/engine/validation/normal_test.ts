/**
 * @module
 * Tests of Φ and Φ⁻¹ against reference values computed with mpmath at 30 significant digits
 * (ncdf; √2·erfinv(2p − 1)), rounded to doubles, and against a Simpson integration of the
 * density done here.
 */
import assert from "node:assert/strict";
import { normCdf, normInv, normPdf } from "./normal.ts";

function close(got: number, want: number, tol: number, label: string): void {
  assert.ok(Math.abs(got - want) <= tol, `${label}: got ${got}, want ${want}`);
}

const CDF: readonly [number, number][] = [
  [-37, 5.725571222524e-300], // mpmath; checked relatively below
  [-8, 6.220960574271784e-16],
  [-5, 2.866515718791939e-7],
  [-3, 0.0013498980316300946],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145705],
  [-0.5, 0.3085375387259869],
  [0, 0.5],
  [0.3, 0.6179114221889527],
  [1, 0.8413447460685429],
  [1.96, 0.9750021048517795],
  [2, 0.9772498680518208],
  [3, 0.9986501019683699],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
];

Deno.test("normCdf() matches 30-digit reference values to 1e-9 (and 1e-13 relative)", () => {
  for (const [x, want] of CDF) {
    const got = normCdf(x);
    close(got, want, 1e-9, `Φ(${x})`);
    close(got / want, 1, 1e-13, `Φ(${x}) relative`);
  }
  assert.equal(normCdf(-Infinity), 0);
  assert.equal(normCdf(Infinity), 1);
  assert.ok(Number.isNaN(normCdf(NaN)));
});

Deno.test("normCdf() agrees with Simpson integration of the density", () => {
  // Φ(x) = ½ + ∫₀ˣ φ; Simpson with 20,000 panels has error far below 1e-12 here.
  for (const x of [-4, -2.5, -0.7, 0.1, 1.3, 3.3]) {
    const m = 20_000;
    const h = x / m;
    let s = normPdf(0) + normPdf(x);
    for (let i = 1; i < m; i++) s += (i % 2 === 1 ? 4 : 2) * normPdf(i * h);
    close(normCdf(x), 0.5 + s * h / 3, 1e-12, `Φ(${x}) vs Simpson`);
  }
});

const INV: readonly [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-10, -6.361340902404056],
  [1e-4, -3.7190164854556804],
  [0.001, -3.090232306167813],
  [0.01, -2.3263478740408408],
  [0.02425, -1.972961051311885],
  [0.025, -1.9599639845400545],
  [0.05, -1.6448536269514729],
  [0.1, -1.2815515655446004],
  [0.3, -0.5244005127080409],
  [0.7, 0.5244005127080407],
  [0.95, 1.6448536269514722],
  [0.975, 1.959963984540054],
  [0.99, 2.3263478740408408],
  [0.999, 3.090232306167813],
  [1 - 1e-10, 6.361340889697422],
];

Deno.test("normInv() matches 30-digit reference values to 1e-9", () => {
  for (const [p, want] of INV) {
    close(normInv(p), want, 1e-9 * Math.max(1, Math.abs(want)), `Φ⁻¹(${p})`);
  }
  assert.equal(normInv(0.5), 0);
  assert.equal(normInv(0), -Infinity);
  assert.equal(normInv(1), Infinity);
  assert.ok(Number.isNaN(normInv(-0.1)));
  assert.ok(Number.isNaN(normInv(1.1)));
  assert.ok(Number.isNaN(normInv(NaN)));
});

Deno.test("normInv() inverts normCdf() across both tails", () => {
  for (let x = -37; x <= 8; x += 0.0625) {
    // Above 0, Φ(x) carries only ~1e−16 absolute precision, worth 1e−16 / φ(x) in x.
    const tol = 1e-9 + (x > 0 ? 2.3e-16 / normPdf(x) : 0);
    close(normInv(normCdf(x)), x, tol, `Φ⁻¹(Φ(${x}))`);
  }
});
