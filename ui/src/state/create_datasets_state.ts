/**
 * @module
 * The Datasets page's view model: the catalog's datasets, the builds under way (each job's
 * stage and progress, live from its event stream), the sources this server can build from,
 * the build form with the API's field errors, the dataset previewed (candles of a range) and
 * the one waiting for a delete confirmation. Actions below load and change them.
 */
import { computed, signal } from "@preact/signals";
import { type ApiClient, ApiError } from "../api/client.ts";
import type { DatasetCandles, DatasetSources, DatasetSummary, RunEventData } from "../api/types.ts";
import { formatNyWall, toNySec } from "../format.ts";
import { type CatalogEventHandlers, jobKind } from "../api/catalog_events.ts";

/** A build under way (or just ended), by its job id. */
export interface BuildJob {
  jobId: string;
  symbol: string;
  from: string;
  to: string;
  kind: string;
  stage: string;
  done?: number;
  total?: number;
  /** running → done | failed | cancelled */
  state: "running" | "done" | "failed" | "cancelled";
  message?: string;
  datasetId?: string;
  /** Started from this page (its end is announced here). */
  mine?: boolean;
}

/** The build form as typed. */
export interface BuildDraft {
  symbol: string;
  from: string;
  to: string;
  kind: "synthetic" | "databento" | "dbn" | "csv" | "parquet";
  seed: string;
  trades_per_day: string;
  /** DBN TRADES files, one path a line. */
  trades: string;
  /** DBN TBBO files, one path a line. */
  tbbo: string;
  /** The CSV or Parquet file. */
  path: string;
  extended_hours: boolean;
}

/** The preview's ranges, from the dataset's last bar back. */
export const PREVIEW_RANGES = [
  { id: "all", label: "All", days: Infinity },
  { id: "month", label: "Last month", days: 31 },
  { id: "week", label: "Last week", days: 7 },
  { id: "day", label: "Last day", days: 1 },
] as const;

/** Signals of the Datasets page. */
export function createDatasetsState() {
  const items = signal<DatasetSummary[]>([]);
  const sources = signal<DatasetSources | null>(null);
  const jobs = signal<Record<string, BuildJob>>({});
  const draft = signal<BuildDraft>({
    symbol: "TEST",
    from: "2024-01-02",
    to: "2024-03-28",
    kind: "synthetic",
    seed: "42",
    trades_per_day: "",
    trades: "",
    tbbo: "",
    path: "",
    extended_hours: false,
  });
  const fieldErrors = signal<Record<string, string>>({});
  /** The last action's error (a refused build or delete); reloads leave it. */
  const error = signal<string | null>(null);
  /** Why the list could not be loaded (cleared by the next load that works). */
  const loadError = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const confirmDelete = signal<string | null>(null);
  const preview = signal<
    {
      datasetId: string;
      range: string;
      candles: DatasetCandles | null;
      /** The dataset's last candle time (UTC seconds), the end every range counts back from. */
      lastTime?: number;
      error?: string;
    } | null
  >(null);
  /** Builds with no catalog row yet (a synthetic build generates its days first). */
  const pendingJobs = computed(() =>
    Object.values(jobs.value).filter((j) =>
      j.state === "running" &&
      !items.value.some((d) =>
        d.status === "BUILDING" && d.symbol === j.symbol && d.from_date === j.from &&
        d.to_date === j.to
      )
    )
  );
  return {
    items,
    sources,
    jobs,
    draft,
    fieldErrors,
    error,
    loadError,
    notice,
    confirmDelete,
    preview,
    pendingJobs,
  };
}

/** The Datasets page's state. */
export type DatasetsState = ReturnType<typeof createDatasetsState>;

/** The running job of a BUILDING dataset row, if this page knows it. */
export function jobOf(s: DatasetsState, d: DatasetSummary): BuildJob | undefined {
  return Object.values(s.jobs.value).find((j) =>
    j.symbol === d.symbol && j.from === d.from_date && j.to === d.to_date && j.state === "running"
  );
}

/** Loads the datasets (and, once, the sources). */
export async function loadDatasets(s: DatasetsState, api: ApiClient): Promise<void> {
  try {
    const [list, sources] = await Promise.all([
      api.listDatasets(),
      s.sources.value ? Promise.resolve(s.sources.value) : api.datasetSources(),
    ]);
    s.items.value = list.items;
    s.sources.value = sources;
    s.loadError.value = null;
  } catch (err) {
    s.loadError.value = (err as Error).message;
  }
}

/**
 * A build form's POST /datasets body.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(
 *   buildBody({ symbol: "acme", from: "2024-01-02", to: "2024-01-05", kind: "dbn", seed: "",
 *     trades_per_day: "", trades: "raw/a.dbn.zst\n\n raw/b.dbn.zst ", tbbo: "", path: "",
 *     extended_hours: false }),
 *   { symbol: "ACME", from: "2024-01-02", to: "2024-01-05",
 *     source: { kind: "dbn", trades: ["raw/a.dbn.zst", "raw/b.dbn.zst"], tbbo: [] } },
 * );
 * ```
 */
export function buildBody(d: BuildDraft): Record<string, unknown> {
  const lines = (t: string) => t.split("\n").map((x) => x.trim()).filter(Boolean);
  const int = (t: string) => {
    const n = Number(t.trim());
    return t.trim() === "" ? undefined : Number.isFinite(n) ? n : t.trim();
  };
  let source: Record<string, unknown>;
  switch (d.kind) {
    case "synthetic":
      source = { kind: "synthetic", seed: int(d.seed), trades_per_day: int(d.trades_per_day) };
      break;
    case "databento":
      source = { kind: "databento" };
      break;
    case "dbn":
      source = { kind: "dbn", trades: lines(d.trades), tbbo: lines(d.tbbo) };
      break;
    default:
      source = { kind: d.kind, path: d.path.trim() };
  }
  const body: Record<string, unknown> = {
    symbol: d.symbol.trim().toUpperCase(),
    from: d.from,
    to: d.to,
    source: Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined)),
  };
  if (d.extended_hours) body.extended_hours = true;
  return body;
}

/**
 * The build form's field key of an API issue path (`body.source.trades.2` → `source.trades`).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(buildFieldOf("body.source.trades.2"), "source.trades");
 * assert.equal(buildFieldOf("body.from"), "from");
 * ```
 */
export function buildFieldOf(path: string): string {
  return path.replace(/^body\.?/, "").replace(/^(source\.(?:trades|tbbo))\.\d+$/, "$1");
}

/** Changes the build form; the edited field's API message goes. */
export function editBuild(s: DatasetsState, change: Partial<BuildDraft>, key?: string): void {
  s.draft.value = { ...s.draft.value, ...change };
  if (key && s.fieldErrors.value[key]) {
    const { [key]: _gone, ...rest } = s.fieldErrors.value;
    s.fieldErrors.value = rest;
  }
}

/**
 * Applies one event of a dataset build to its job; `true` when the build ended (the list
 * reloads then). The end of a build started on this page is announced on it.
 */
export function applyJobEvent(
  s: DatasetsState,
  e: RunEventData & { dataset_id?: string },
): boolean {
  const job = s.jobs.value[e.run_id];
  if (!job || job.state !== "running") return false;
  const next: BuildJob = { ...job, stage: e.stage, done: e.done, total: e.total };
  if (e.kind === "done") (next.state = "done", next.datasetId = e.dataset_id);
  if (e.kind === "error") (next.state = "failed", next.message = e.message);
  if (e.kind === "cancelled") next.state = "cancelled";
  s.jobs.value = { ...s.jobs.value, [e.run_id]: next };
  if (next.state === "running") return false;
  if (next.mine) {
    const what = `${next.symbol} ${next.from} → ${next.to}`;
    if (next.state === "failed") {
      s.notice.value = null;
      s.error.value = `The ${what} build failed: ${next.message}`;
    } else {
      s.notice.value = next.state === "done"
        ? `${what} is READY.`
        : `The ${what} build was cancelled.`;
    }
  }
  return true;
}

/** A dataset job's first event carries the build's spec. */
type JobEventData = RunEventData & {
  dataset_id?: string;
  spec?: { symbol: string; from: string; to: string; source?: { kind?: string } };
};

/**
 * Applies one event of the catalog-wide stream: a dataset build started anywhere (this page,
 * another tab, an API client) becomes a job from its first event, and its stages and progress
 * follow. Run events are ignored.
 * @returns whether the list should reload (a build ended, or one this page did not see start)
 */
export function applyCatalogEvent(s: DatasetsState, e: JobEventData): boolean {
  if (jobKind(e.run_id) !== "dataset") return false;
  if (!s.jobs.value[e.run_id]) {
    if (!e.spec) return e.kind !== "progress";
    s.jobs.value = {
      ...s.jobs.value,
      [e.run_id]: {
        jobId: e.run_id,
        symbol: e.spec.symbol,
        from: e.spec.from,
        to: e.spec.to,
        kind: e.spec.source?.kind ?? "",
        stage: e.stage,
        state: "running",
      },
    };
    return true;
  }
  return applyJobEvent(s, e);
}

/**
 * Starts the build of the form; its stages then come with the catalog's events
 * ({@link watchDatasets}) until the dataset is READY (or the build fails).
 */
export async function startBuild(s: DatasetsState, api: ApiClient): Promise<void> {
  const body = buildBody(s.draft.value);
  s.fieldErrors.value = {};
  s.error.value = null;
  s.notice.value = null;
  let jobId: string;
  try {
    jobId = (await api.buildDataset(body)).job_id;
  } catch (err) {
    s.error.value = (err as Error).message;
    const fields: Record<string, string> = {};
    for (const i of err instanceof ApiError ? err.issues : []) {
      const key = buildFieldOf(i.path);
      fields[key] = fields[key] ? `${fields[key]}; ${i.message}` : i.message;
    }
    s.fieldErrors.value = fields;
    return;
  }
  const src = body.source as { kind: string };
  const known = s.jobs.value[jobId];
  s.jobs.value = {
    ...s.jobs.value,
    [jobId]: known?.state === "running" ? { ...known, mine: true } : {
      jobId,
      symbol: String(body.symbol),
      from: String(body.from),
      to: String(body.to),
      kind: src.kind,
      stage: "queued",
      state: "running",
      mine: true,
    },
  };
  s.notice.value = `Building ${body.symbol} ${body.from} → ${body.to} (${src.kind}).`;
  await loadDatasets(s, api);
}

/** Cancels a build under way. */
export async function cancelBuild(s: DatasetsState, api: ApiClient, jobId: string): Promise<void> {
  try {
    await api.cancelDatasetBuild(jobId);
  } catch (err) {
    s.error.value = (err as Error).message;
  }
}

/** Deletes a dataset (the API refuses one that runs use, and says why). */
export async function deleteDataset(s: DatasetsState, api: ApiClient, id: string): Promise<void> {
  s.confirmDelete.value = null;
  try {
    await api.deleteDataset(id);
    s.notice.value = `Deleted dataset ${id}.`;
    s.error.value = null;
    if (s.preview.value?.datasetId === id) s.preview.value = null;
  } catch (err) {
    s.error.value = (err as Error).message;
  }
  await loadDatasets(s, api);
}

/**
 * Loads the preview of dataset `id` over a range of {@link PREVIEW_RANGES}, counted back
 * from its last trading date (a few hundred candles, as wide as that needs).
 */
export async function loadPreview(
  s: DatasetsState,
  api: ApiClient,
  id: string,
  range = "all",
): Promise<void> {
  const had = s.preview.value?.datasetId === id ? s.preview.value : null;
  s.preview.value = {
    datasetId: id,
    range,
    candles: had?.candles ?? null,
    lastTime: had?.lastTime,
  };
  const days = PREVIEW_RANGES.find((r) => r.id === range)?.days ?? Infinity;
  try {
    let lastTime = had?.lastTime;
    const q: { from?: string; max_candles: number } = { max_candles: 800 };
    if (Number.isFinite(days)) {
      lastTime ??= (await api.getDatasetBars(id, { max_candles: 10 })).time.at(-1);
      if (lastTime !== undefined) {
        // Whole New York trading dates back from the last one (a date bound is 00:00 UTC,
        // before any session of that New York date opens).
        const lastDate = formatNyWall(toNySec(lastTime)).slice(0, 10);
        q.from = new Date(Date.parse(lastDate) - (days - 1) * 86_400_000).toISOString()
          .slice(0, 10);
      }
    }
    const candles = await api.getDatasetBars(id, q);
    if (s.preview.value?.datasetId !== id || s.preview.value.range !== range) return;
    if (!Number.isFinite(days)) lastTime = candles.time.at(-1);
    s.preview.value = { datasetId: id, range, candles, lastTime };
  } catch (err) {
    if (s.preview.value?.datasetId !== id) return;
    s.preview.value = { datasetId: id, range, candles: null, error: (err as Error).message };
  }
}

/** How the page opens the catalog's event stream (EventSource in the browser). */
export type OpenCatalogEvents = (h: CatalogEventHandlers) => () => void;

/**
 * Keeps the list live from the catalog's event stream: every build's stages and progress as
 * they happen (started here or anywhere), a reload when one starts unseen or ends, and one on
 * each (re)connection. Nothing polls.
 * @returns the function that stops it
 */
export function watchDatasets(
  s: DatasetsState,
  api: ApiClient,
  open: OpenCatalogEvents,
): () => void {
  return open({
    onEvent: (e) => {
      if (applyCatalogEvent(s, e)) void loadDatasets(s, api);
    },
    onOpen: () => void loadDatasets(s, api),
  });
}
