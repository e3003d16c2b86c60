import assert from "node:assert/strict";
import type { CatalogEventHandlers } from "../api/catalog_events.ts";
import type { ApiClient } from "../api/client.ts";
import type { RunEventData, RunSummary } from "../api/types.ts";
import {
  applyRunEvent,
  createRunsState,
  loadRuns,
  MAX_COMPARE,
  setFilter,
  sortBy,
  toggleSelected,
  watchRuns,
} from "./create_runs_state.ts";

function run(id: string, status: RunSummary["status"]): RunSummary {
  return {
    run_id: id,
    status,
    dataset_id: "D",
    symbol: "DEMO",
    strategy_id: "sma_crossover",
    params: {},
    seed: 1,
    created_at: "2024-01-01T00:00:00Z",
    finished_at: null,
    duration_ms: null,
    metrics: null,
    error: null,
    url: `/backtests/${id}`,
  };
}

/** A client answering `listRuns` from a list the test changes; it records the queries. */
function fakeApi(items: () => RunSummary[]) {
  const queries: unknown[] = [];
  const api = {
    listRuns: (q: unknown) => {
      queries.push(q);
      return Promise.resolve({ items: items(), total: items().length, limit: 200, offset: 0 });
    },
  } as unknown as ApiClient;
  return { api, queries };
}

Deno.test("loadRuns() asks for the filters and order set, and keeps the page", async () => {
  const s = createRunsState();
  const { api, queries } = fakeApi(() => [run("a", "DONE")]);
  setFilter(s, "symbol", "DEMO");
  sortBy(s, "sharpe");
  await loadRuns(s, api);
  assert.deepEqual(queries, [{
    symbol: "DEMO",
    strategy_id: "",
    status: "",
    order: "-sharpe",
    limit: 200,
  }]);
  assert.deepEqual(s.items.value.map((r) => r.run_id), ["a"]);
  assert.equal(s.total.value, 1);
});

Deno.test("sortBy() sorts metrics best first and flips on a second click", () => {
  const s = createRunsState();
  sortBy(s, "sharpe");
  assert.equal(s.order.value, "-sharpe");
  sortBy(s, "sharpe");
  assert.equal(s.order.value, "sharpe");
  sortBy(s, "max_drawdown");
  assert.equal(s.order.value, "max_drawdown");
});

Deno.test("toggleSelected() picks up to four runs and compare needs two", () => {
  const s = createRunsState();
  toggleSelected(s, "a");
  assert.equal(s.canCompare.value, false);
  for (const id of ["b", "c", "d", "e"]) toggleSelected(s, id);
  assert.equal(s.selected.value.length, MAX_COMPARE);
  assert.deepEqual(s.selected.value, ["a", "b", "c", "d"]);
  assert.equal(s.canCompare.value, true);
  toggleSelected(s, "a");
  assert.deepEqual(s.selected.value, ["b", "c", "d"]);
});

Deno.test("a live event sets the run's stage and status; a terminal one asks for a reload", () => {
  const s = createRunsState();
  s.items.value = [run("a", "QUEUED")];
  const ev = (kind: RunEventData["kind"], stage: string, extra = {}): RunEventData => ({
    run_id: "a",
    event_id: 1,
    kind,
    stage,
    ts: "",
    ...extra,
  });
  assert.equal(applyRunEvent(s, ev("stage", "features", { done: 1, total: 8 })), false);
  assert.equal(s.items.value[0].status, "RUNNING");
  assert.deepEqual(s.stages.value.a, { stage: "features", done: 1, total: 8 });
  assert.equal(applyRunEvent(s, ev("done", "done", { status: "DONE" })), true);
  assert.equal(s.items.value[0].status, "DONE");
});

Deno.test("watchRuns() keeps the list live from the catalog stream: new runs, stages, ends and deletes", async () => {
  const s = createRunsState();
  let items = [run("a", "RUNNING"), run("b", "DONE")];
  const { api, queries } = fakeApi(() => items);
  let h: CatalogEventHandlers | undefined;
  let closed = 0;
  const stop = watchRuns(s, api, (handlers) => {
    h = handlers;
    return () => closed++;
  });
  const settle = async () => {
    for (let i = 0; i < 4; i++) await new Promise((r) => setTimeout(r, 0));
  };
  const ev = (run_id: string, kind: RunEventData["kind"], stage: string, extra = {}) =>
    h!.onEvent({ run_id, event_id: 1, kind, stage, ts: "", ...extra });
  // Nothing is read before the stream is open; its opening loads the list.
  assert.equal(queries.length, 0);
  h!.onOpen!();
  await settle();
  assert.deepEqual(s.items.value.map((r) => r.run_id), ["a", "b"]);
  assert.equal(queries.length, 1);

  // A stage of a listed run changes its row without a reload.
  ev("a", "stage", "features", { done: 1, total: 8 });
  assert.deepEqual(s.stages.value.a, { stage: "features", done: 1, total: 8 });
  await settle();
  assert.equal(queries.length, 1);
  // A run queued elsewhere: one reload brings it; its progress events come after.
  items = [run("c", "QUEUED"), ...items];
  ev("c", "stage", "queued", { status: "QUEUED" });
  await settle();
  assert.equal(queries.length, 2);
  assert.deepEqual(s.items.value.map((r) => r.run_id), ["c", "a", "b"]);
  // Events of jobs the list does not show (a dataset build, a sweep) read nothing, even
  // when they are queued.
  ev("dataset-x", "progress", "derive", { done: 1, total: 2 });
  ev("dataset-y", "stage", "queued", { status: "QUEUED" });
  ev("sw-0123456789abcdef", "stage", "queued", { status: "QUEUED" });
  ev("sw-0123456789abcdef", "progress", "sweep", { done: 1, total: 9 });
  ev("sw-0123456789abcdef", "done", "done", { status: "DONE" });
  await settle();
  assert.equal(queries.length, 2);
  // An end reloads (the metrics); two ends at once make one reload, then one more.
  items = [run("c", "DONE"), run("a", "DONE"), run("b", "DONE")];
  ev("c", "done", "done", { status: "DONE" });
  ev("a", "done", "done", { status: "DONE" });
  await settle();
  assert.equal(queries.length, 4);
  // A deleted run leaves the list and the comparison at once.
  s.selected.value = ["b", "c"];
  ev("b", "deleted", "deleted", { status: "DELETED" });
  assert.deepEqual(s.items.value.map((r) => r.run_id), ["c", "a"]);
  assert.deepEqual(s.selected.value, ["c"]);
  assert.equal(s.total.value, 2);
  await settle();
  assert.equal(queries.length, 4);
  stop();
  assert.equal(closed, 1);
});
