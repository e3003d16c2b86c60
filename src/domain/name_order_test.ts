import assert from "node:assert/strict";
import { compareNames } from "./name_order.ts";
import { seedState, Xoshiro128 } from "./random.ts";

Deno.test("compareNames orders every pair of generated names exactly as localeCompare does", () => {
  const alphabet = "_-.0123456789abcdefghijklmnopqrstuvwxyz";
  const rng = new Xoshiro128(seedState(7));
  const next = () => rng.nextFloat();
  const names = ["equity.parquet", "run-manifest.json", "validation_details.json", "a", "a.", ""];
  for (let i = 0; i < 400; i++) {
    const len = 1 + Math.floor(next() * 6);
    let s = "";
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(next() * alphabet.length)];
    names.push(s, s + "_x", s + ".x", s + "-x", s + "0");
  }
  let compared = 0;
  for (const a of names) {
    for (const b of names) {
      assert.equal(Math.sign(compareNames(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
      compared++;
    }
  }
  assert.ok(compared > 1_000_000);
});

Deno.test("compareNames falls back to localeCompare for names outside its table", () => {
  for (const [a, b] of [["B.json", "a.json"], ["é.json", "f.json"], ["a b", "a_b"]]) {
    assert.equal(Math.sign(compareNames(a, b)), Math.sign(a.localeCompare(b)));
  }
});
