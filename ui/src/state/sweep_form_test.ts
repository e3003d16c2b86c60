import assert from "node:assert/strict";
import { axesOf, axisCount, combinations, errorField, sweepBody } from "./sweep_form.ts";

const SMA = {
  id: "sma_crossover",
  description: "",
  params: {
    properties: {
      fast: { type: "integer", default: 20, minimum: 1 },
      slow: { type: "integer", default: 50, minimum: 2 },
      allow_short: { type: "boolean", default: false },
    },
  },
  defaults: { fast: 20, slow: 50, allow_short: false },
};

Deno.test("axesOf() makes the first two numeric parameters 3-value ranges around their defaults", () => {
  const axes = axesOf(SMA);
  assert.deepEqual(axes.map((a) => [a.name, a.sweep, a.from, a.to, a.step]), [
    ["fast", true, "10", "30", "10"],
    ["slow", true, "25", "75", "25"],
    ["allow_short", false, "", "", "1"],
  ]);
  assert.equal(combinations(axes), 9);
});

Deno.test("axisCount() counts an inclusive range and refuses what is not a range yet", () => {
  const a = axesOf(SMA)[0];
  assert.equal(axisCount({ ...a, from: "2", to: "41", step: "1" }), 40);
  assert.equal(axisCount({ ...a, from: "0.1", to: "0.3", step: "0.1" }), 3);
  assert.equal(axisCount({ ...a, from: "5", to: "1", step: "1" }), null);
  assert.equal(axisCount({ ...a, step: "0" }), null);
  assert.equal(axisCount({ ...a, from: "" }), null);
  assert.equal(axisCount({ ...axesOf(SMA)[2], sweep: true }), 2);
  assert.equal(axisCount({ ...a, sweep: false }), 1);
});

Deno.test("sweepBody() sends swept rows as grid axes in order and fixed rows as parameters", () => {
  const axes = axesOf(SMA);
  axes[2] = { ...axes[2], value: "true" };
  const body = sweepBody({
    datasetId: "D",
    strategyId: "sma_crossover",
    feesBps: "1",
    metric: "sharpe",
  }, axes);
  assert.deepEqual(body, {
    run: {
      dataset_id: "D",
      strategy: { name: "sma_crossover", params: { allow_short: true } },
      execution: { fees_bps: 1 },
    },
    grid: { fast: "10:30:10", slow: "25:75:25" },
    metric: "sharpe",
  });
  assert.deepEqual(Object.keys(body.grid), ["fast", "slow"]);
});

Deno.test("errorField() finds the parameter an API message names", () => {
  const names = ["fast", "slow", "allow_short"];
  assert.equal(errorField("grid.slow: stop (5) is below start (50)", names), "slow");
  assert.equal(errorField("run.strategy.params.fast: Too small", names), "fast");
  assert.equal(errorField('grid spec "fast=5:x:5": stop "x" is not a number', names), "fast");
  assert.equal(errorField("dataset D not found", names), null);
});
