import assert from "node:assert/strict";
import { canonicalJson } from "./canonical_json.ts";
import { HewstonError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";

Deno.test("canonicalJson() sorts keys at every level and drops undefined members", () => {
  assert.equal(
    canonicalJson({ z: { b: 2, a: 1 }, a: [{ y: 1, x: undefined }], m: null }),
    '{"a":[{"y":1}],"m":null,"z":{"a":1,"b":2}}',
  );
});

Deno.test("canonicalJson() writes numbers exactly, in one fixed form", () => {
  assert.equal(
    canonicalJson([0.1 + 0.2, -0, 1e21, 5, 1 / 3]),
    "[0.30000000000000004,0,1e+21,5,0.3333333333333333]",
  );
  assert.equal(JSON.parse(canonicalJson(97635.83333333333)), 97635.83333333333);
});

Deno.test("canonicalJson() refuses values that have no canonical form", () => {
  assert.throws(() => canonicalJson({ a: NaN }), TypeError);
  assert.throws(() => canonicalJson({ a: 1n }), TypeError);
  assert.throws(() => canonicalJson(new Date(0)), TypeError);
});

Deno.test("canonicalJson() with indent is the same value, readable", () => {
  const v = { b: [1, 2], a: "x" };
  assert.deepEqual(JSON.parse(canonicalJson(v, 2)), JSON.parse(canonicalJson(v)));
  assert.equal(canonicalJson(v, 2), '{\n  "a": "x",\n  "b": [\n    1,\n    2\n  ]\n}');
});

Deno.test("sha256Hex() of the empty string is the well-known digest", () => {
  assert.equal(
    sha256Hex(""),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});

Deno.test("canonicalJson() refuses a value nested 3,000 levels deep with TOO_DEEP", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 3000; i++) deep = i % 2 ? [deep] : { a: deep };
  assert.throws(
    () => canonicalJson(deep),
    (e: unknown) =>
      e instanceof HewstonError && e.code === "TOO_DEEP" && e.status === 400 &&
      e.message === "value nests deeper than 64 levels of arrays and objects",
  );
});
