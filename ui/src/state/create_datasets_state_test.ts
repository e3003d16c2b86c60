import assert from "node:assert/strict";
import type { RunEventData } from "../api/types.ts";
import { applyCatalogEvent, buildBody, createDatasetsState } from "./create_datasets_state.ts";

const ev = (over: Partial<RunEventData> & Record<string, unknown>): RunEventData =>
  ({
    run_id: "dataset-abc",
    event_id: 1,
    kind: "stage",
    stage: "queued",
    ts: "",
    ...over,
  }) as RunEventData;

Deno.test("a build started anywhere becomes a job from its first event and follows to READY", () => {
  const s = createDatasetsState();
  const spec = {
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-01-05",
    source: { kind: "synthetic" },
  };
  assert.equal(applyCatalogEvent(s, ev({ spec })), true, "the list reloads for a new build");
  assert.deepEqual(s.pendingJobs.value.map((j) => [j.symbol, j.kind, j.state]), [
    ["TEST", "synthetic", "running"],
  ]);
  assert.equal(
    applyCatalogEvent(s, ev({ kind: "progress", stage: "generate", done: 2, total: 4 })),
    false,
  );
  assert.deepEqual(
    [s.jobs.value["dataset-abc"].stage, s.jobs.value["dataset-abc"].done],
    ["generate", 2],
  );
  assert.equal(
    applyCatalogEvent(s, ev({ kind: "done", stage: "done", dataset_id: "TEST-x" })),
    true,
  );
  assert.equal(s.jobs.value["dataset-abc"].state, "done");
  assert.equal(s.jobs.value["dataset-abc"].datasetId, "TEST-x");
  assert.deepEqual(s.pendingJobs.value, []);
  assert.equal(s.notice.value, null, "a build started elsewhere is not announced here");
});

Deno.test("the end of a build started on this page is announced on it", () => {
  const s = createDatasetsState();
  const job = {
    jobId: "dataset-1",
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-01-05",
    kind: "synthetic",
    stage: "queued",
    state: "running" as const,
    mine: true,
  };
  s.jobs.value = { [job.jobId]: job, "dataset-2": { ...job, jobId: "dataset-2" } };
  applyCatalogEvent(s, ev({ run_id: "dataset-1", kind: "done", stage: "done" }));
  assert.equal(s.notice.value, "TEST 2024-01-02 → 2024-01-05 is READY.");
  applyCatalogEvent(
    s,
    ev({ run_id: "dataset-2", kind: "error", stage: "error", message: "no trades" }),
  );
  assert.equal(s.error.value, "The TEST 2024-01-02 → 2024-01-05 build failed: no trades");
  // A terminal event seen twice (replayed after a reconnection) changes nothing.
  assert.equal(applyCatalogEvent(s, ev({ run_id: "dataset-1", kind: "done" })), false);
});

Deno.test("run events leave the datasets alone; a build seen mid-way reloads the list", () => {
  const s = createDatasetsState();
  assert.equal(applyCatalogEvent(s, ev({ run_id: "0123456789abcdef", kind: "done" })), false);
  assert.equal(applyCatalogEvent(s, ev({ run_id: "dataset-x", kind: "progress" })), false);
  assert.equal(applyCatalogEvent(s, ev({ run_id: "dataset-x", kind: "done" })), true);
  assert.deepEqual(s.jobs.value, {});
});

Deno.test("the build form's body names the source's own fields only", () => {
  const base = {
    symbol: " test ",
    from: "2024-01-02",
    to: "2024-01-05",
    seed: "7",
    trades_per_day: "",
    trades: "",
    tbbo: "",
    path: " raw/a.csv ",
    extended_hours: false,
  };
  assert.deepEqual(buildBody({ ...base, kind: "synthetic" }), {
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-01-05",
    source: { kind: "synthetic", seed: 7 },
  });
  assert.deepEqual(buildBody({ ...base, kind: "csv", extended_hours: true }).source, {
    kind: "csv",
    path: "raw/a.csv",
  });
  assert.deepEqual(buildBody({ ...base, kind: "databento" }).source, { kind: "databento" });
});
