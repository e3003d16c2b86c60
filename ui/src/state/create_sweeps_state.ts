/**
 * @module
 * The Sweeps page's view model: the launch form (dataset, strategy, one row per parameter,
 * fees, heatmap metric), its member count before launch (counted here at once, then asked of
 * the server, which knows the combinations the strategy refuses), field errors from the API,
 * and the list of sweeps kept live. Signals hold the data; the functions below act on it.
 */
import { computed, signal } from "@preact/signals";
import { type CatalogEventHandlers, jobKind } from "../api/catalog_events.ts";
import { type ApiClient, ApiError } from "../api/client.ts";
import type { SweepPreview, SweepSummary } from "../api/sweep_types.ts";
import type { DatasetSummary, StrategyInfo } from "../api/types.ts";
import {
  axesOf,
  type AxisInput,
  combinations,
  errorField,
  MAX_FORM_COMBINATIONS,
  sweepBody,
} from "./sweep_form.ts";

/** Metrics a heatmap can show, in the order the form offers them. */
export const HEATMAP_METRICS = [
  "sharpe",
  "total_return",
  "cagr",
  "sortino",
  "max_drawdown",
  "profit_factor",
  "hit_rate",
  "trades",
];

/** Signals of the Sweeps page. */
export function createSweepsState() {
  const datasets = signal<DatasetSummary[]>([]);
  const strategies = signal<StrategyInfo[]>([]);
  const datasetId = signal("");
  const strategyId = signal("");
  const axes = signal<AxisInput[]>([]);
  const feesBps = signal("1");
  const metric = signal("sharpe");
  const preview = signal<SweepPreview | null>(null);
  /** API error by parameter name ("" for the whole form). */
  const fieldErrors = signal<Record<string, string>>({});
  const submitting = signal(false);
  const items = signal<SweepSummary[]>([]);
  const total = signal(0);
  const error = signal<string | null>(null);
  const count = computed(() => combinations(axes.value));
  const canLaunch = computed(() =>
    !submitting.value && datasetId.value !== "" && strategyId.value !== "" &&
    count.value !== null && count.value >= 1 && count.value <= MAX_FORM_COMBINATIONS &&
    Object.keys(fieldErrors.value).length === 0 && (preview.value?.members ?? 1) > 0
  );
  return {
    datasets,
    strategies,
    datasetId,
    strategyId,
    axes,
    feesBps,
    metric,
    preview,
    fieldErrors,
    submitting,
    items,
    total,
    error,
    count,
    canLaunch,
  };
}

/** The Sweeps page's state. */
export type SweepsState = ReturnType<typeof createSweepsState>;

/** Loads the READY datasets and the strategies, and picks the first of each. */
export async function loadLaunchOptions(s: SweepsState, api: ApiClient): Promise<void> {
  const [ds, st] = await Promise.all([api.listDatasets(), api.listStrategies()]);
  s.datasets.value = ds.items.filter((d) => d.status === "READY");
  s.strategies.value = st.items;
  if (!s.datasetId.value && s.datasets.value.length) {
    s.datasetId.value = s.datasets.value[0].dataset_id;
  }
  if (!s.strategyId.value && st.items.length) {
    const first = st.items.find((x) => x.id === "sma_crossover") ?? st.items[0];
    chooseStrategy(s, first.id);
  }
}

/** Picks a strategy: its parameters become the form's rows (defaults filled). */
export function chooseStrategy(s: SweepsState, id: string): void {
  const st = s.strategies.value.find((x) => x.id === id);
  s.strategyId.value = id;
  s.axes.value = st ? axesOf(st) : [];
  s.fieldErrors.value = {};
  s.preview.value = null;
}

/** Changes one parameter row. */
export function editAxis(s: SweepsState, name: string, patch: Partial<AxisInput>): void {
  s.axes.value = s.axes.value.map((a) => (a.name === name ? { ...a, ...patch } : a));
  s.fieldErrors.value = {};
  s.preview.value = null;
}

function body(s: SweepsState) {
  return sweepBody(
    {
      datasetId: s.datasetId.value,
      strategyId: s.strategyId.value,
      feesBps: s.feesBps.value,
      metric: s.metric.value,
    },
    s.axes.value,
  );
}

function showError(s: SweepsState, err: unknown): void {
  const message = (err as Error).message;
  if (err instanceof ApiError && err.status === 422) {
    const field = errorField(message, s.axes.value.map((a) => a.name));
    s.fieldErrors.value = { [field ?? ""]: message };
  } else s.error.value = message;
}

/** Asks the server how many members the form gives (the refused combinations excluded). */
export async function previewSweep(s: SweepsState, api: ApiClient): Promise<void> {
  if (s.count.value === null || !s.strategyId.value || !s.datasetId.value) return;
  try {
    s.preview.value = await api.previewSweep(body(s));
    s.fieldErrors.value = {};
  } catch (err) {
    s.preview.value = null;
    showError(s, err);
  }
}

/**
 * Launches the sweep of the form.
 * @returns the sweep id (a new or the identical existing sweep), or null when the API refused it
 */
export async function launchSweep(s: SweepsState, api: ApiClient): Promise<string | null> {
  s.submitting.value = true;
  try {
    const res = await api.submitSweep(body(s));
    s.error.value = null;
    return res.sweep_id;
  } catch (err) {
    showError(s, err);
    return null;
  } finally {
    s.submitting.value = false;
  }
}

/** Loads the list of sweeps (newest first). */
export async function loadSweeps(s: SweepsState, api: ApiClient): Promise<void> {
  try {
    const list = await api.listSweeps({ limit: 100 });
    s.items.value = list.items;
    s.total.value = list.total;
  } catch (err) {
    s.error.value = (err as Error).message;
  }
}

/** How the live list opens the catalog's event stream (EventSource in the browser). */
export type OpenCatalogEvents = (h: CatalogEventHandlers) => () => void;

/**
 * Keeps the list live from the catalog's event stream (`GET /events`), with no polling: the
 * progress of listed sweeps as their chunks come back, a reload when one ends or a new sweep
 * is queued (by another tab, the API or the CLI), a deleted sweep dropped at once. Reloads
 * never overlap: one asked for while another runs follows it.
 * @returns the function that stops it
 */
export function watchSweeps(s: SweepsState, api: ApiClient, open: OpenCatalogEvents): () => void {
  let running = false;
  let again = false;
  const reload = () => {
    if (running) return void (again = true);
    running = true;
    void loadSweeps(s, api).finally(() => {
      running = false;
      if (again) (again = false, reload());
    });
  };
  return open({
    onOpen: reload,
    onEvent: (e) => {
      if (jobKind(e.run_id) !== "sweep") {
        // A dataset built meanwhile can be swept.
        if (e.kind === "done" && jobKind(e.run_id) === "dataset") {
          void loadLaunchOptions(s, api).catch(() => {});
        }
        return;
      }
      if (e.kind === "deleted") {
        if (!s.items.value.some((x) => x.sweep_id === e.run_id)) return;
        s.items.value = s.items.value.filter((x) => x.sweep_id !== e.run_id);
        s.total.value = Math.max(0, s.total.value - 1);
        return;
      }
      const listed = s.items.value.some((x) => x.sweep_id === e.run_id);
      if (!listed || e.kind === "done" || e.kind === "error" || e.kind === "cancelled") {
        return reload();
      }
      if (e.stage === "sweep" && e.done !== undefined) {
        s.items.value = s.items.value.map((x) =>
          x.sweep_id === e.run_id
            ? { ...x, status: "RUNNING", progress: { done: e.done!, total: e.total ?? x.members } }
            : x
        );
      }
    },
  });
}
