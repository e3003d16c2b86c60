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

Deno.test("the sweeps list follows the catalog stream: progress, new and deleted sweeps", async () => {
  const { createSweepsState, watchSweeps } = await import("./create_sweeps_state.ts");
  const s = createSweepsState();
  let lists = 0;
  const item = (id: string) => ({
    sweep_id: id,
    status: "QUEUED" as const,
    dataset_id: "D",
    strategy_id: "sma_crossover",
    grid: [],
    metric: "sharpe",
    members: 9,
    skipped: 0,
    progress: { done: 0, total: 9 },
    created_at: "",
    finished_at: null,
    duration_ms: null,
    pbo: null,
    best: null,
    error: null,
    url: "",
  });
  const api = {
    listSweeps: () => {
      lists++;
      return Promise.resolve({ items: [item("sw-1")], total: 1, limit: 100, offset: 0 });
    },
  } as unknown as Parameters<typeof watchSweeps>[1];
  let h!: Parameters<Parameters<typeof watchSweeps>[2]>[0];
  const stop = watchSweeps(s, api, (handlers) => ((h = handlers), () => {}));
  h.onOpen!();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(lists, 1);
  const ev = (
    run_id: string,
    kind: "stage" | "progress" | "deleted",
    stage: string,
    done?: number,
  ) => ({
    run_id,
    event_id: 1,
    kind: kind as "stage",
    stage,
    ts: "",
    done,
    total: 9,
  });
  h.onEvent(ev("sw-1", "progress", "sweep", 4));
  assert.deepEqual([s.items.value[0].status, s.items.value[0].progress], ["RUNNING", {
    done: 4,
    total: 9,
  }]);
  h.onEvent(ev("0123456789abcdef", "stage", "queued")); // a run: not the sweeps list's business
  assert.equal(lists, 1);
  h.onEvent(ev("sw-2", "stage", "queued")); // a sweep made elsewhere: the list is read again
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(lists, 2);
  h.onEvent(ev("sw-1", "deleted", "deleted"));
  assert.deepEqual(s.items.value, []);
  stop();
});
