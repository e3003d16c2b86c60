/**
 * @module
 * Tests of grid parsing: ranges, lists, single values, JSON objects, and the errors that
 * name the bad spec.
 */
import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { gridFromRecord, gridSize, parseGrid } from "./grid.ts";

Deno.test("parseGrid() expands inclusive ranges, lists and single values in spec order", () => {
  const g = parseGrid(["fast=5:50:5", "slow=20:200:10", "allow_short=true", "mode=a,b"]);
  assert.deepEqual(g.map((a) => a.name), ["fast", "slow", "allow_short", "mode"]);
  assert.deepEqual(g[0].values, [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
  assert.equal(g[1].values.length, 19);
  assert.equal(g[1].values[0], 20);
  assert.equal(g[1].values[18], 200);
  assert.deepEqual(g[2].values, [true]);
  assert.deepEqual(g[3].values, ["a", "b"]);
  assert.equal(gridSize(g), 10 * 19 * 1 * 2);
});

Deno.test("parseGrid() rounds fractional steps to the decimals of start and step", () => {
  assert.deepEqual(parseGrid(["k=0.1:0.5:0.1"])[0].values, [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(parseGrid(["k=1:2:0.25"])[0].values, [1, 1.25, 1.5, 1.75, 2]);
  // A stop off the grid is not reached; a stop on it is kept.
  assert.deepEqual(parseGrid(["w=2:9:3"])[0].values, [2, 5, 8]);
  assert.deepEqual(parseGrid(["w=3:3:1"])[0].values, [3]);
});

Deno.test("parseGrid() reads list items as booleans, numbers or strings", () => {
  assert.deepEqual(parseGrid(["x=5, 10 ,-2.5,1e2"])[0].values, [5, 10, -2.5, 100]);
  assert.deepEqual(parseGrid(["b=true,false"])[0].values, [true, false]);
  assert.deepEqual(parseGrid(["field=close,open"])[0].values, ["close", "open"]);
  assert.deepEqual(parseGrid(["field=close"])[0].values, ["close"]);
  assert.deepEqual(parseGrid([]), []);
});

Deno.test("parseGrid() names the bad spec in every error", () => {
  const cases: [string[], string][] = [
    [["fast"], 'grid spec "fast": expected name=values'],
    [["fast="], 'grid spec "fast=": has no values'],
    [["=5"], 'grid spec "=5": "" is not a parameter name'],
    [["fast=50:5:5"], 'grid spec "fast=50:5:5": stop (5) is below start (50)'],
    [["fast=5:50:0"], 'grid spec "fast=5:50:0": step (0) must be > 0'],
    [["fast=5:50:-5"], 'grid spec "fast=5:50:-5": step (-5) must be > 0'],
    [["fast=5:50"], 'grid spec "fast=5:50": a range is start:stop:step'],
    [["fast=a:50:5"], 'grid spec "fast=a:50:5": start "a" is not a number'],
    [["fast=5,,10"], 'grid spec "fast=5,,10": has an empty value'],
    [["fast=5,10,5"], 'grid spec "fast=5,10,5": duplicate value 5'],
    [
      ["fast=1:20000:1"],
      'grid spec "fast=1:20000:1": range has 20000 values; at most 10000 allowed',
    ],
    [["fast=5", "fast=6"], 'grid spec "fast=6": "fast" is given twice'],
  ];
  for (const [specs, message] of cases) {
    assert.throws(() => parseGrid(specs), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.message, message);
      return true;
    });
  }
});

Deno.test("gridFromRecord() takes arrays as given and strings in the CLI syntax", () => {
  const g = gridFromRecord({ fast: [5, 10], slow: "20:40:10", allow_short: "false" });
  assert.deepEqual(g, [
    { name: "fast", values: [5, 10] },
    { name: "slow", values: [20, 30, 40] },
    { name: "allow_short", values: [false] },
  ]);
  assert.throws(() => gridFromRecord({ fast: [] }), { message: "grid.fast: has no values" });
  assert.throws(() => gridFromRecord({ fast: [5, 5] }), {
    message: "grid.fast: duplicate value 5",
  });
  assert.throws(() => gridFromRecord({ slow: "9:1:1" }), {
    message: "grid.slow: stop (1) is below start (9)",
  });
  assert.throws(() => gridFromRecord({ "bad-name": [1] }), {
    message: 'grid.bad-name: "bad-name" is not a parameter name',
  });
});
