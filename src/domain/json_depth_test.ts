import assert from "node:assert/strict";
import { checkJsonTextDepth, jsonTextDepth } from "./json_depth.ts";

Deno.test("jsonTextDepth() counts open arrays and objects outside strings", () => {
  assert.equal(jsonTextDepth("1"), 0);
  assert.equal(jsonTextDepth('"[{"'), 0);
  assert.equal(jsonTextDepth('{"a":[1,{"b":"\\"[["}],"c":{}}'), 3);
  assert.equal(jsonTextDepth("[".repeat(100_000)), 100_000);
});

Deno.test("checkJsonTextDepth() throws TOO_DEEP past the limit only", () => {
  checkJsonTextDepth("[[]]", "x", 2);
  assert.throws(() => checkJsonTextDepth("[[[]]]", "query.params", 2), {
    message: "query.params nests deeper than 2 levels of arrays and objects",
  });
});
