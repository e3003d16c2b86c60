/**
 * @module
 * Tests of seed derivation: the splitmix64 finaliser against the published generator's
 * first output, and `deriveSeed` against values computed by an independent Python
 * re-implementation of the documented formula (arbitrary-precision integers).
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { deriveSeed, mix64 } from "./seeds.ts";

Deno.test("mix64() is the splitmix64 finaliser (first output of splitmix64 seeded 0)", () => {
  // splitmix64 with state 0 adds the golden gamma, then mixes: 0xe220a8397b1dcdaf.
  assert.equal(mix64(0x9e3779b97f4a7c15n), 0xe220a8397b1dcdafn);
});

Deno.test("deriveSeed() gives the documented formula's values", () => {
  assert.equal(deriveSeed(42, "permutation"), 8613913959167190);
  assert.equal(deriveSeed(42, "bootstrap"), 4389543722389065);
  assert.equal(deriveSeed(42, "monte_carlo"), 4666459088072768);
  assert.equal(deriveSeed(0, ""), 8075889216535845);
  assert.equal(deriveSeed(4294967295, "permutation", 999), 5341598862981628);
  assert.equal(deriveSeed(8613913959167190, "trial", 7), 3678164063089382);
});

Deno.test("deriveSeed() gives distinct seeds across modules and indices", () => {
  const seen = new Set<number>();
  for (const m of ["permutation", "bootstrap", "monte_carlo", "walk_forward"]) {
    for (let i = 0; i < 2000; i++) seen.add(deriveSeed(7, m, i));
  }
  assert.equal(seen.size, 8000);
  for (const s of seen) assert.ok(Number.isSafeInteger(s) && s >= 0);
});

Deno.test("deriveSeed() refuses negative, fractional and unsafe inputs", () => {
  assert.throws(() => deriveSeed(-1, "x"), ValidationError);
  assert.throws(() => deriveSeed(1.5, "x"), ValidationError);
  assert.throws(() => deriveSeed(2 ** 53, "x"), ValidationError);
  assert.throws(() => deriveSeed(1, "x", -1), /index must be a safe integer/);
});
