import assert from "node:assert/strict";
import { toYaml } from "./openapi_yaml.ts";

Deno.test("toYaml() writes nested objects and arrays in block style", () => {
  const value = {
    openapi: "3.1.0",
    paths: { "/backtests/{id}": { get: { tags: ["runs"], parameters: [{ name: "id" }] } } },
    matrix: [[1, [2]], { k: [] }],
    empty: {},
    none: null,
    flag: false,
    skipped: undefined,
  };
  assert.equal(
    toYaml(value),
    [
      'openapi: "3.1.0"',
      "paths:",
      '  "/backtests/{id}":',
      "    get:",
      "      tags:",
      '        - "runs"',
      "      parameters:",
      '        - name: "id"',
      "matrix:",
      "  - - 1",
      "    - - 2",
      "  - k: []",
      "empty: {}",
      "none: null",
      "flag: false",
      "",
    ].join("\n"),
  );
});

Deno.test("toYaml() quotes every string and every key YAML could misread", () => {
  const value = {
    "200": 1,
    yes: "no",
    Null: "null",
    "$ref": "#/components/schemas/Error",
    "a: b": "- x",
    plain_key: 'multi\nline "quoted"',
  };
  assert.equal(
    toYaml(value),
    [
      '"200": 1',
      '"yes": "no"',
      '"Null": "null"',
      '"$ref": "#/components/schemas/Error"',
      '"a: b": "- x"',
      'plain_key: "multi\\nline \\"quoted\\""',
      "",
    ].join("\n"),
  );
});

Deno.test("toYaml() writes scalars and empty containers on one line", () => {
  assert.equal(toYaml("x"), '"x"\n');
  assert.equal(toYaml(1.5e-7), "1.5e-7\n");
  assert.equal(toYaml([]), "[]\n");
  assert.equal(toYaml({ a: undefined }), "{}\n");
  assert.equal(toYaml([{}, []]), "- {}\n- []\n");
});

Deno.test("toYaml() refuses values JSON cannot hold", () => {
  assert.throws(() => toYaml({ x: NaN }), /^TypeError: toYaml: non-finite number NaN$/);
  assert.throws(() => toYaml([Infinity]), /non-finite number Infinity/);
  assert.throws(() => toYaml({ f: () => 1 }), /^TypeError: toYaml: cannot write a function$/);
});
