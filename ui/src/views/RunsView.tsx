/**
 * @module
 * The Runs page (container): the datasets strip, filters, the live runs table, and the bar
 * that opens a comparison of the selected runs. Owns the list's state and its live feed.
 */
import { useEffect, useMemo } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { watchCatalogEvents } from "../api/catalog_events.ts";
import { ListPage } from "../components/ListPage.tsx";
import { RunsTable } from "../components/RunsTable.tsx";
import { formatCount } from "../format.ts";
import { useServices } from "../state/context.ts";
import {
  cancelRun,
  createRunsState,
  deleteRun,
  loadFilterOptions,
  loadRuns,
  MAX_COMPARE,
  type RunFilters,
  setFilter,
  sortBy,
  toggleSelected,
  watchRuns,
} from "../state/create_runs_state.ts";
import { comparePath, runPath } from "../state/router.ts";

const STATUSES = ["QUEUED", "RUNNING", "DONE", "ERROR", "CANCELLED"];

/** The Runs page. */
export function RunsView() {
  const { api, router } = useServices();
  const s = useMemo(() => createRunsState(), []);
  const confirmDelete = useSignal<string | null>(null);

  useEffect(() => {
    void loadFilterOptions(s, api).catch((e) => (s.error.value = (e as Error).message));
    // The stream's first open loads the list.
    return watchRuns(s, api, (h) => watchCatalogEvents(api, h));
  }, []);

  const filter = (key: keyof RunFilters, value: string) => {
    setFilter(s, key, value);
    void loadRuns(s, api);
  };
  const select = (key: keyof RunFilters, label: string, options: string[]) => (
    <label class="field">
      <span>{label}</span>
      <select value={s.filters.value[key]} onChange={(e) => filter(key, e.currentTarget.value)}>
        <option value="">any</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
  const symbols = [...new Set(s.datasets.value.map((d) => d.symbol))].sort();

  return (
    <ListPage
      title="Runs"
      total={s.loaded.value ? s.total.value : null}
      noun="run"
      error={s.error.value}
      confirmDelete={confirmDelete.value}
      onConfirmDelete={(id) => {
        confirmDelete.value = null;
        void deleteRun(s, api, id);
      }}
      onKeep={() => (confirmDelete.value = null)}
      tools={
        <>
          <section class="datasets" aria-label="Datasets">
            <h2>Datasets</h2>
            <ul>
              {s.datasets.value.map((d) => (
                <li key={d.dataset_id}>
                  <strong>{d.symbol}</strong> {d.from_date} → {d.to_date}{" "}
                  <span class="dim">
                    {formatCount(d.bar_count)} bars · {d.source_kind} ·
                  </span>{" "}
                  <span class={`badge badge-${d.status.toLowerCase()}`}>{d.status}</span>
                </li>
              ))}
              {s.datasets.value.length === 0
                ? <li class="dim">{s.datasetsLoaded.value ? "none yet" : "loading…"}</li>
                : null}
            </ul>
          </section>
          <div class="toolbar" role="toolbar" aria-label="Filters">
            {select("symbol", "Symbol", symbols)}
            {select("strategy_id", "Strategy", s.strategies.value)}
            {select("status", "Status", STATUSES)}
            <span class="spacer" />
            <span class="dim">
              {s.selected.value.length
                ? `${s.selected.value.length} selected`
                : `Select 2–${MAX_COMPARE} runs to compare`}
            </span>
            <button
              type="button"
              disabled={!s.canCompare.value}
              onClick={() => router.navigate(comparePath(s.selected.value))}
            >
              Compare
            </button>
          </div>
        </>
      }
    >
      <RunsTable
        items={s.items}
        loaded={s.loaded}
        order={s.order}
        selected={s.selected}
        stages={s.stages}
        runHref={runPath}
        onNavigate={(href) => router.navigate(href)}
        onSort={(c) => {
          sortBy(s, c);
          void loadRuns(s, api);
        }}
        onToggle={(id) => toggleSelected(s, id)}
        onCancel={(id) => void cancelRun(s, api, id)}
        onDelete={(id) => (confirmDelete.value = id)}
      />
    </ListPage>
  );
}
