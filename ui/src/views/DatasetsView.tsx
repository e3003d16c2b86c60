/**
 * @module
 * The Datasets page (container): the build form (synthetic, Databento with the server's own
 * key, DBN files, a CSV or Parquet file on the server), the datasets with builds under way
 * and their live progress (the catalog's event stream, `GET /events`), delete (refused with the reason while runs use a dataset), and a
 * candles preview of one dataset (`/ui/datasets/{id}`) on a New York time axis.
 */
import { useEffect, useMemo } from "preact/hooks";
import { watchCatalogEvents } from "../api/catalog_events.ts";
import { DatasetChart } from "../chart/DatasetChart.tsx";
import { DatasetsTable } from "../components/DatasetsTable.tsx";
import { fieldId } from "../components/FormField.tsx";
import { useServices } from "../state/context.ts";
import {
  type BuildDraft,
  cancelBuild,
  createDatasetsState,
  deleteDataset,
  editBuild,
  jobOf,
  loadDatasets,
  loadPreview,
  PREVIEW_RANGES,
  startBuild,
  watchDatasets,
} from "../state/create_datasets_state.ts";
import { datasetsPath } from "../state/router.ts";

/** Props of {@link DatasetsView}. */
export interface DatasetsViewProps {
  /** The dataset previewed. */
  previewId?: string;
}

const SOURCE_LABELS: Record<BuildDraft["kind"], string> = {
  synthetic: "Synthetic",
  databento: "Databento",
  dbn: "DBN files on the server",
  csv: "CSV file on the server",
  parquet: "Parquet file on the server",
};

/** The page. */
export function DatasetsView({ previewId }: DatasetsViewProps) {
  const { api, router } = useServices();
  const s = useMemo(() => createDatasetsState(), []);
  useEffect(() => {
    void loadDatasets(s, api);
    return watchDatasets(s, api, (h) => watchCatalogEvents(api, h));
  }, []);
  useEffect(() => {
    if (previewId) void loadPreview(s, api, previewId, "all");
    else s.preview.value = null;
  }, [previewId, s.items.value.some((d) => d.dataset_id === previewId)]);

  const d = s.draft.value;
  const errs = s.fieldErrors.value;
  const sources = s.sources.value?.items ?? [];
  const rawDir = s.sources.value?.raw_dir ?? "raw";
  const info = sources.find((x) => x.kind === d.kind);
  const text = (
    key: string,
    label: string,
    value: string,
    set: (v: string) => void,
    opts: { type?: "text" | "date" | "number"; hint?: string; multiline?: boolean } = {},
  ) => {
    const id = fieldId(`ds-${key}`);
    const described = [opts.hint ? `${id}-hint` : "", errs[key] ? `${id}-error` : ""]
      .filter(Boolean).join(" ") || undefined;
    const common = {
      id,
      "aria-invalid": errs[key] ? ("true" as const) : undefined,
      "aria-describedby": described,
    };
    return (
      <div class={`ff${errs[key] ? " invalid" : ""}`}>
        <label for={id}>{label}</label>
        {opts.multiline
          ? (
            <textarea
              {...common}
              rows={3}
              value={value}
              onInput={(e) => set(e.currentTarget.value)}
            />
          )
          : opts.type === "date"
          ? (
            <input
              {...common}
              type="date"
              value={value}
              onInput={(e) => set(e.currentTarget.value)}
            />
          )
          : opts.type === "number"
          ? (
            <input
              {...common}
              type="number"
              step={1}
              value={value}
              onInput={(e) => set(e.currentTarget.value)}
            />
          )
          : (
            <input
              {...common}
              type="text"
              value={value}
              onInput={(e) => set(e.currentTarget.value)}
            />
          )}
        {opts.hint ? <span id={`${id}-hint`} class="ff-hint dim">{opts.hint}</span> : null}
        {errs[key]
          ? <span id={`${id}-error`} class="ff-error" role="alert">{errs[key]}</span>
          : null}
      </div>
    );
  };
  const previewed = s.preview.value;
  const previewRow = s.items.value.find((x) => x.dataset_id === previewed?.datasetId);

  return (
    <section class="page" aria-labelledby="datasets-title">
      <header class="page-head">
        <h1 id="datasets-title">Datasets</h1>
        <span class="dim">
          {s.items.value.length} in the catalog · 1-minute bars, New York sessions
        </span>
      </header>
      <form
        class="panel build-form"
        aria-label="Build a dataset"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void startBuild(s, api);
        }}
      >
        <h2>Build a dataset</h2>
        <div class="build-grid">
          {text("symbol", "Symbol", d.symbol, (v) => editBuild(s, { symbol: v }, "symbol"))}
          {text("from", "From", d.from, (v) => editBuild(s, { from: v }, "from"), {
            type: "date",
            hint: "first trading date",
          })}
          {text("to", "To", d.to, (v) => editBuild(s, { to: v }, "to"), {
            type: "date",
            hint: "last trading date, included",
          })}
          <div class={`ff${errs.source ? " invalid" : ""}`}>
            <label for="ds-source">Source</label>
            <select
              id="ds-source"
              value={d.kind}
              aria-describedby="ds-source-hint"
              onChange={(e) =>
                editBuild(s, { kind: e.currentTarget.value as BuildDraft["kind"] }, "source")}
            >
              {(Object.keys(SOURCE_LABELS) as BuildDraft["kind"][]).map((k) => {
                const src = sources.find((x) => x.kind === k);
                return (
                  <option key={k} value={k} disabled={src ? !src.available : false}>
                    {SOURCE_LABELS[k]}
                    {src && !src.available ? " (no key on the server)" : ""}
                  </option>
                );
              })}
            </select>
            <span id="ds-source-hint" class="ff-hint dim">{info?.description ?? ""}</span>
            {errs.source ? <span class="ff-error" role="alert">{errs.source}</span> : null}
          </div>
          {d.kind === "synthetic"
            ? (
              <>
                {text("source.seed", "Seed", d.seed, (v) =>
                  editBuild(s, { seed: v }, "source.seed"), {
                  type: "number",
                })}
                {text(
                  "source.trades_per_day",
                  "Trades per day",
                  d.trades_per_day,
                  (v) =>
                    editBuild(s, { trades_per_day: v }, "source.trades_per_day"),
                  { type: "number", hint: "empty: the source's default" },
                )}
              </>
            )
            : null}
          {d.kind === "dbn"
            ? (
              <>
                {text(
                  "source.trades",
                  "TRADES files",
                  d.trades,
                  (v) => editBuild(s, { trades: v }, "source.trades"),
                  {
                    multiline: true,
                    hint: `one path a line, under ${rawDir}/ in the server's data dir`,
                  },
                )}
                {text(
                  "source.tbbo",
                  "TBBO files",
                  d.tbbo,
                  (v) =>
                    editBuild(s, { tbbo: v }, "source.tbbo"),
                  {
                    multiline: true,
                    hint: "optional: quotes for spreads",
                  },
                )}
              </>
            )
            : null}
          {d.kind === "csv" || d.kind === "parquet"
            ? text("source.path", "File", d.path, (v) =>
              editBuild(s, { path: v }, "source.path"), {
              hint:
                `a path under ${rawDir}/ in the server's data dir, e.g. ${rawDir}/acme.${d.kind}`,
            })
            : null}
          {d.kind === "databento"
            ? (
              <p class="dim ff-note">
                {info?.available
                  ? `Downloads ${info.dataset} with the server's key; the browser never holds it.`
                  : "Set DATABENTO_API_KEY where the server runs, then restart it."}
              </p>
            )
            : null}
          <div class="ff-check">
            <label for="ds-extended">
              <input
                id="ds-extended"
                type="checkbox"
                checked={d.extended_hours}
                onChange={(e) => editBuild(s, { extended_hours: e.currentTarget.checked })}
              />{" "}
              Extended hours (04:00–20:00 ET)
            </label>
          </div>
        </div>
        <div class="toolbar">
          <button type="submit" class="primary">Build dataset</button>
          <span role="status" class="dim">{s.notice.value ?? ""}</span>
        </div>
      </form>
      {s.error.value ? <p role="alert" class="error">{s.error.value}</p> : null}
      {s.loadError.value ? <p role="alert" class="error">{s.loadError.value}</p> : null}
      {s.confirmDelete.value
        ? (
          <div class="confirm" role="alertdialog" aria-label="Confirm delete">
            Delete dataset <code>{s.confirmDelete.value}</code> and its bars?{" "}
            <button
              type="button"
              class="danger"
              onClick={() => void deleteDataset(s, api, s.confirmDelete.value!)}
            >
              Delete
            </button>{" "}
            <button type="button" onClick={() => (s.confirmDelete.value = null)}>Keep</button>
          </div>
        )
        : null}
      <div class="table-wrap">
        <DatasetsTable
          items={s.items.value}
          pending={s.pendingJobs.value}
          jobOf={(x) => jobOf(s, x)}
          previewHref={datasetsPath}
          previewed={previewed?.datasetId ?? null}
          onNavigate={(h) => router.navigate(h)}
          onDelete={(id) => (s.confirmDelete.value = id)}
          onCancel={(id) => void cancelBuild(s, api, id)}
        />
      </div>
      {previewed
        ? (
          <section class="panel" aria-labelledby="preview-title">
            <div class="toolbar">
              <h2 id="preview-title">
                Preview · {previewRow
                  ? `${previewRow.symbol} ${previewRow.from_date} → ${previewRow.to_date}`
                  : previewed.datasetId}
              </h2>
              <span class="spacer" />
              <div role="group" aria-label="Preview range" class="toolbar">
                {PREVIEW_RANGES.map((r) => (
                  <button
                    key={r.id}
                    type="button"
                    class="small"
                    aria-pressed={previewed.range === r.id}
                    onClick={() => void loadPreview(s, api, previewed.datasetId, r.id)}
                  >
                    {r.label}
                  </button>
                ))}
              </div>
              <button
                type="button"
                class="small"
                onClick={() => router.navigate(datasetsPath())}
              >
                Close preview
              </button>
            </div>
            {previewed.error ? <p role="alert" class="error">{previewed.error}</p> : null}
            {previewed.candles
              ? <DatasetChart candles={previewed.candles} />
              : previewed.error
              ? null
              : <p class="dim">Loading candles…</p>}
          </section>
        )
        : null}
    </section>
  );
}
