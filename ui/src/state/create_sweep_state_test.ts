import assert from "node:assert/strict";
import type { SweepHeatmap } from "../api/sweep_types.ts";
import { applySweepEvent, bestCell, createSweepState, moveFocus } from "./create_sweep_state.ts";
import { parseRoute, sweepPath } from "./router.ts";

const HEAT: SweepHeatmap = {
  sweep_id: "sw-1",
  metric: "sharpe",
  reduce: "max",
  x: { param: "fast", values: [5, 10, 15] },
  y: { param: "slow", values: [10, 20] },
  z: [[1, null, 0.5], [2, 3, -1]],
  member: [[0, null, 1], [2, 3, 4]],
  min: -1,
  max: 3,
};

Deno.test("the heatmap cursor starts on the best cell and stays on the grid", () => {
  const s = createSweepState();
  s.heatmap.value = HEAT;
  assert.deepEqual(bestCell(HEAT), { xi: 1, yi: 1 });
  moveFocus(s, 0, 0);
  assert.deepEqual(s.focus.value, { xi: 1, yi: 1 });
  moveFocus(s, 1, 1);
  assert.deepEqual(s.focus.value, { xi: 2, yi: 1 });
  moveFocus(s, 1, -5);
  assert.deepEqual(s.focus.value, { xi: 2, yi: 0 });
  s.members.value = {
    sweep_id: "sw-1",
    params: ["fast", "slow"],
    metrics: ["sharpe"],
    items: [0, 1, 2, 3, 4].map((m) => ({
      member: m,
      params: { fast: m, slow: 1 },
      metrics: { sharpe: m },
    })),
    total: 5,
    offset: 0,
    limit: 10,
  };
  assert.deepEqual(s.focused.value, {
    member: 1,
    params: { fast: 1, slow: 1 },
    metrics: { sharpe: 1 },
    value: 0.5,
  });
  s.focus.value = { xi: 1, yi: 0 }; // no member there
  assert.equal(s.focused.value, null);
});

Deno.test("sweep events move the progress and say when the sweep ends", () => {
  const s = createSweepState();
  const ev = (kind: "stage" | "progress" | "done", stage: string, done?: number) => ({
    run_id: "sw-1",
    event_id: 1,
    kind,
    stage,
    ts: "",
    done,
    total: 9,
  });
  assert.equal(applySweepEvent(s, ev("stage", "sweep", 0)), false);
  assert.equal(applySweepEvent(s, ev("progress", "sweep", 4)), false);
  assert.deepEqual(s.progress.value, { stage: "sweep", done: 4, total: 9 });
  assert.equal(applySweepEvent(s, ev("done", "done")), true);
});

Deno.test("a sweep's page keeps its heatmap choice in the URL", () => {
  const path = sweepPath("sw-1", { metric: "total_return", x: "slow" });
  assert.equal(path, "/ui/sweeps/sw-1?metric=total_return&x=slow");
  const [p, q] = path.split("?");
  assert.deepEqual(parseRoute(p, `?${q}`), {
    view: "sweep",
    id: "sw-1",
    metric: "total_return",
    x: "slow",
    y: undefined,
  });
  assert.deepEqual(parseRoute("/ui/sweeps", ""), { view: "sweeps" });
});
