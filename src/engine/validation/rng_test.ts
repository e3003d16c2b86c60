/**
 * @module
 * Tests of the xoshiro128** generator: reference outputs of the authors' C code (compiled
 * and run once; the values are pasted below), the seeding, and the distributions of the
 * derived draws on fixed seeds.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { Rng } from "./rng.ts";

Deno.test("Rng.nextU32() reproduces the reference xoshiro128** outputs", () => {
  // xoshiro128starstar.c, state {1, 2, 3, 4}: the first six outputs.
  const rng = Rng.fromState([1, 2, 3, 4]);
  const got = Array.from({ length: 6 }, () => rng.nextU32());
  assert.deepEqual(got, [11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
});

Deno.test("Rng seeds its state from two splitmix64 outputs", () => {
  // The C reference seeded by splitmix64(42): s = {lo(a), hi(a), lo(b), hi(b)}.
  const rng = new Rng(42);
  const got = Array.from({ length: 4 }, () => rng.nextU32());
  assert.deepEqual(got, [1776835114, 4165204688, 17111135, 2317295270]);
});

Deno.test("Rng refuses bad seeds and an all-zero state", () => {
  assert.throws(() => new Rng(-1), ValidationError);
  assert.throws(() => new Rng(0.5), ValidationError);
  assert.throws(() => Rng.fromState([0, 0, 0, 0]), ValidationError);
});

Deno.test("Rng.nextInt() is uniform and stays in range", () => {
  const rng = new Rng(1);
  for (const n of [1, 2, 7, 390, 97_740, 3_000_000]) {
    for (let i = 0; i < 1000; i++) {
      const k = rng.nextInt(n);
      assert.ok(Number.isInteger(k) && k >= 0 && k < n, `nextInt(${n}) gave ${k}`);
    }
  }
  // Chi-square over 10 cells, 100,000 draws: 9 degrees of freedom, 99.9% point 27.88.
  const counts = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) counts[rng.nextInt(10)]++;
  const chi2 = counts.reduce((a, c) => a + (c - 10_000) ** 2 / 10_000, 0);
  assert.ok(chi2 < 27.88, `chi-square ${chi2}`);
});

Deno.test("Rng.nextFloat() and nextNormal() have the right first two moments", () => {
  const rng = new Rng(2);
  const n = 200_000;
  let su = 0;
  let sz = 0;
  let sz2 = 0;
  for (let i = 0; i < n; i++) {
    const u = rng.nextFloat();
    assert.ok(u >= 0 && u < 1);
    su += u;
    const z = rng.nextNormal();
    sz += z;
    sz2 += z * z;
  }
  // Standard errors: uniform mean 0.00065, normal mean 0.0022, normal variance 0.0032.
  assert.ok(Math.abs(su / n - 0.5) < 0.003);
  assert.ok(Math.abs(sz / n) < 0.01);
  assert.ok(Math.abs(sz2 / n - 1) < 0.015);
});

Deno.test("Rng.shuffle() draws what nextInt() would and yields a permutation", () => {
  const a = Int32Array.from({ length: 1000 }, (_, i) => i);
  new Rng(3).shuffle(a, 10, 990);
  const b = Int32Array.from({ length: 1000 }, (_, i) => i);
  const rng = new Rng(3);
  for (let i = 989; i > 10; i--) {
    const j = 10 + rng.nextInt(i - 10 + 1);
    [b[i], b[j]] = [b[j], b[i]];
  }
  assert.deepEqual(a, b);
  assert.deepEqual([...a.slice(0, 10)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.notDeepEqual([...a.slice(10, 990)], Array.from({ length: 980 }, (_, i) => i + 10));
});
