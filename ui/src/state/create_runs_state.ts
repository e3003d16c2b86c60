/**
 * @module
 * The runs list's view model: the page of runs under the current filters and order, the
 * selection for comparing (2–4 runs), the live stage of each active run, the datasets and
 * strategies to filter by. Data lives in signals; the actions that fetch and change it are
 * the functions below, apart from it.
 */
import { computed, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import { type CatalogEventHandlers, jobKind } from "../api/catalog_events.ts";
import type { DatasetSummary, RunEventData, RunSummary } from "../api/types.ts";

/** Filters of the list (empty string = any). */
export interface RunFilters {
  symbol: string;
  strategy_id: string;
  status: string;
}

/** The most runs one comparison holds. */
export const MAX_COMPARE = 4;

/** Signals of the runs list. */
export function createRunsState() {
  const items = signal<RunSummary[]>([]);
  const total = signal(0);
  const filters = signal<RunFilters>({ symbol: "", strategy_id: "", status: "" });
  const order = signal("-created_at");
  const selected = signal<string[]>([]);
  /** Live stage text of active runs, by run id (from their event streams). */
  const stages = signal<Record<string, { stage: string; done?: number; total?: number }>>({});
  const datasets = signal<DatasetSummary[]>([]);
  const strategies = signal<string[]>([]);
  const loading = signal(false);
  /** The first list answer came (until then the page says it is loading, not "none"). */
  const loaded = signal(false);
  /** The first datasets answer came. */
  const datasetsLoaded = signal(false);
  const error = signal<string | null>(null);
  const canCompare = computed(() =>
    selected.value.length >= 2 && selected.value.length <= MAX_COMPARE
  );
  const activeIds = computed(() =>
    items.value.filter((r) => r.status === "QUEUED" || r.status === "RUNNING").map((r) => r.run_id)
  );
  return {
    items,
    total,
    filters,
    order,
    selected,
    stages,
    datasets,
    strategies,
    loading,
    loaded,
    datasetsLoaded,
    error,
    canCompare,
    activeIds,
  };
}

/** The runs list's state. */
export type RunsState = ReturnType<typeof createRunsState>;

/** Loads the page of runs for the current filters and order. */
export async function loadRuns(s: RunsState, api: ApiClient): Promise<void> {
  s.loading.value = true;
  try {
    const f = s.filters.value;
    const list = await api.listRuns({ ...f, order: s.order.value, limit: 200 });
    s.items.value = list.items;
    s.total.value = list.total;
    s.error.value = null;
  } catch (err) {
    s.error.value = (err as Error).message;
  } finally {
    s.loading.value = false;
    s.loaded.value = true;
  }
}

/** Loads the datasets and strategies the filters offer. */
export async function loadFilterOptions(s: RunsState, api: ApiClient): Promise<void> {
  const [ds, st] = await Promise.all([api.listDatasets(), api.listStrategies()]);
  s.datasets.value = ds.items;
  s.datasetsLoaded.value = true;
  s.strategies.value = st.items.map((x) => x.id).sort();
}

/** Sets one filter. */
export function setFilter(s: RunsState, key: keyof RunFilters, value: string): void {
  s.filters.value = { ...s.filters.value, [key]: value };
}

/**
 * Sorts by `column`: a second click on the same column flips the direction. Metrics sort
 * descending first (best first), except drawdown (smallest first).
 */
export function sortBy(s: RunsState, column: string): void {
  const cur = s.order.value.replace(/^[-+]/, "");
  const desc = s.order.value.startsWith("-");
  if (cur === column) s.order.value = desc ? column : `-${column}`;
  else s.order.value = column === "max_drawdown" ? column : `-${column}`;
}

/** Adds or removes a run from the comparison (at most {@link MAX_COMPARE}). */
export function toggleSelected(s: RunsState, runId: string): void {
  const cur = s.selected.value;
  if (cur.includes(runId)) s.selected.value = cur.filter((x) => x !== runId);
  else if (cur.length < MAX_COMPARE) s.selected.value = [...cur, runId];
}

/**
 * Applies one live event of a run: its stage (and progress) for the list, and the status it
 * reports, so the row changes before the next reload.
 * @returns whether the event ends the run (a reload brings its metrics)
 */
export function applyRunEvent(s: RunsState, e: RunEventData): boolean {
  s.stages.value = {
    ...s.stages.value,
    [e.run_id]: { stage: e.stage, done: e.done, total: e.total },
  };
  const terminal = e.kind === "done" || e.kind === "error" || e.kind === "cancelled";
  const told = e.status === "DELETED" ? undefined : e.status;
  const status = told ?? (e.kind === "stage" && e.stage !== "queued" ? "RUNNING" : undefined);
  if (status) {
    s.items.value = s.items.value.map((r) => (r.run_id === e.run_id ? { ...r, status } : r));
  }
  return terminal;
}

/** Cancels a run, then reloads the list. */
export async function cancelRun(s: RunsState, api: ApiClient, runId: string): Promise<void> {
  try {
    await api.cancelRun(runId);
  } catch (err) {
    s.error.value = (err as Error).message;
  }
  await loadRuns(s, api);
}

/** Deletes a run (and drops it from the selection), then reloads the list. */
export async function deleteRun(s: RunsState, api: ApiClient, runId: string): Promise<void> {
  try {
    await api.deleteRun(runId);
    s.selected.value = s.selected.value.filter((x) => x !== runId);
  } catch (err) {
    s.error.value = (err as Error).message;
  }
  await loadRuns(s, api);
}

/** How the live list opens the catalog's event stream (EventSource in the browser). */
export type OpenCatalogEvents = (h: CatalogEventHandlers) => () => void;

/**
 * Keeps the list live from the catalog's event stream, with no polling: stages and statuses
 * of listed runs as they happen, a reload when one ends or a new run is queued (made in
 * another tab, by the API or the CLI; a sweep's or a dataset build's events are no rows), a deleted run dropped at once, and the filters'
 * datasets reloaded when a dataset build ends. Reloads never overlap: one asked for while
 * another runs follows it.
 * @returns the function that stops it
 */
export function watchRuns(s: RunsState, api: ApiClient, open: OpenCatalogEvents): () => void {
  let running = false;
  let again = false;
  const reload = () => {
    if (running) return void (again = true);
    running = true;
    void loadRuns(s, api).finally(() => {
      running = false;
      if (again) (again = false, reload());
    });
  };
  return open({
    // A (re)connection: what happened while away is replayed, but the list is read afresh.
    onOpen: reload,
    onEvent: (e) => {
      const kind = jobKind(e.run_id);
      if (kind !== "run") {
        // Not a row of this list: only a finished dataset build changes it (its filters).
        if (kind === "dataset" && e.kind === "done") {
          void loadFilterOptions(s, api).catch(() => {});
        }
        return;
      }
      if (e.kind === "deleted") return dropRun(s, e.run_id);
      if (!s.items.value.some((r) => r.run_id === e.run_id)) {
        if (e.kind === "stage" && e.stage === "queued") reload();
        return;
      }
      if (applyRunEvent(s, e)) reload();
    },
  });
}

/** Removes a run that is gone from the list and the comparison. */
export function dropRun(s: RunsState, runId: string): void {
  if (!s.items.value.some((r) => r.run_id === runId)) return;
  s.items.value = s.items.value.filter((r) => r.run_id !== runId);
  s.total.value = Math.max(0, s.total.value - 1);
  s.selected.value = s.selected.value.filter((x) => x !== runId);
  const { [runId]: _gone, ...rest } = s.stages.value;
  s.stages.value = rest;
}
