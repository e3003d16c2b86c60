/**
 * @module
 * The run detail page (container): header, the chart with playback (when the run is DONE),
 * metrics, validation, configuration, the trade list linked to the chart, and downloads. A run
 * still QUEUED or RUNNING is followed live (its event stream): the badge shows each stage and
 * its progress, and the page loads the results the moment the run ends.
 */
import { signal } from "@preact/signals";
import { useEffect, useMemo, useState } from "preact/hooks";
import { watchRunEvents } from "../api/run_events.ts";
import { ConfigList } from "../components/ConfigList.tsx";
import { Link } from "../components/Link.tsx";
import { MetricsGrid } from "../components/MetricsGrid.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { TradesTable } from "../components/TradesTable.tsx";
import { ValidationList } from "../components/ValidationList.tsx";
import { formatCount, formatDuration, formatNyTime } from "../format.ts";
import { useServices } from "../state/context.ts";
import { createRunState, loadRun, pageToCsv, readAllRows } from "../state/create_run_state.ts";
import { PlaybackSection } from "./PlaybackSection.tsx";
import { newRunPath } from "../state/router.ts";

/** Props of {@link RunDetailView}. */
export interface RunDetailViewProps {
  runId: string;
}

/** The page. */
export function RunDetailView({ runId }: RunDetailViewProps) {
  const { api, router } = useServices();
  const s = useMemo(() => createRunState(), [runId]);
  // The run and its series (the biggest load) are asked for at once, while the page first
  // renders (an effect would wait for a paint), and the chart is drawn as soon as the series
  // is here: only a DONE run has one.
  const seriesReady = useMemo(() => signal(false), [runId]);
  // Bumped when a run followed live ends: the run, its results and its series load again.
  const [loads, setLoads] = useState(0);
  const series = useMemo(() => {
    const pr = api.getSeries(runId);
    void loadRun(s, api, runId, pr);
    pr.then(() => (seriesReady.value = true), () => {});
    return pr;
  }, [runId, loads]);
  const run = s.run.value;
  const playable = run ? run.status === "DONE" : seriesReady.value;
  const stage = useMemo(
    () => signal<{ stage: string; done?: number; total?: number } | undefined>(undefined),
    [runId],
  );
  const active = run?.status === "QUEUED" || run?.status === "RUNNING";
  useEffect(() => {
    if (!active) return;
    // The stream replays the run's events from its first: an end that came before it opened
    // is seen too.
    return watchRunEvents(api, runId, (e) => {
      if (e.kind === "stage" || e.kind === "progress") {
        stage.value = { stage: e.stage, done: e.done, total: e.total };
        if (s.run.peek()?.status === "QUEUED" && e.stage !== "queued") {
          s.run.value = { ...s.run.peek()!, status: "RUNNING" };
        }
      } else {
        stage.value = undefined;
        setLoads((n) => n + 1);
      }
    });
  }, [runId, active]);

  const download = async (name: string, file: string) => {
    const page = await readAllRows(api, runId, name);
    const url = URL.createObjectURL(new Blob([pageToCsv(page)], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  if (s.error.value && !run) {
    return (
      <section class="page">
        <h1>Run {runId}</h1>
        <p role="alert" class="error">{s.error.value}</p>
        <Link href="/ui/runs" onNavigate={(h) => router.navigate(h)}>Back to runs</Link>
      </section>
    );
  }
  if (!run && !playable) {
    return (
      <section class="page">
        <p class="dim">Loading run {runId}…</p>
      </section>
    );
  }
  const params = run ? Object.entries(run.params).map(([k, v]) => `${k}=${v}`).join(" ") : "";
  return (
    <section class="page detail" aria-labelledby="run-title">
      <header class="page-head">
        {run
          ? (
            <>
              <h1 id="run-title">
                {run.strategy_id} <span class="dim">{params}</span> · {run.symbol}
              </h1>
              <StatusBadge status={run.status} stage={stage.value} />
              <span class="mono dim">{run.run_id}</span>
              <span class="dim">
                created {formatNyTime(run.created_at)} · took {formatDuration(run.duration_ms)}
              </span>
              <span class="spacer" />
              <Link
                href={newRunPath(run.run_id)}
                onNavigate={(h) => router.navigate(h)}
                class="button"
              >
                Run again with changes
              </Link>
            </>
          )
          : <h1 id="run-title" class="dim">Run {runId}</h1>}
      </header>
      {s.error.value ? <p role="alert" class="error">{s.error.value}</p> : null}
      {playable
        ? <PlaybackSection runId={runId} runState={s} series={series} />
        : <p class="dim">The chart and playback appear when the run is DONE ({run?.status}).</p>}
      {run
        ? (
          <div class="columns">
            <section class="panel" aria-labelledby="metrics-title">
              <h2 id="metrics-title">Metrics</h2>
              <MetricsGrid metrics={run.metrics} />
            </section>
            <section class="panel wide" aria-labelledby="validation-title">
              <h2 id="validation-title">Validation</h2>
              <ValidationList v={s.validation.value} />
              <h2 id="config-title">Configuration</h2>
              <ConfigList config={run.config} />
            </section>
          </div>
        )
        : null}
      {run?.status === "DONE"
        ? (
          <section class="panel" aria-labelledby="trades-title">
            <h2 id="trades-title">Trades</h2>
            <TradesTable
              trades={s.sortedTrades}
              order={s.tradeOrder}
              selected={s.selectedTrade}
              onOrder={(o) => (s.tradeOrder.value = o)}
              onSelect={(n) => (s.selectedTrade.value = n)}
            />
          </section>
        )
        : null}
      {run?.status === "DONE"
        ? (
          <section class="panel" aria-labelledby="downloads-title">
            <h2 id="downloads-title">Downloads</h2>
            <div class="toolbar">
              <button
                type="button"
                onClick={() => void download("trades.parquet", `${runId}-trades.csv`)}
              >
                Trades CSV
              </button>
              <button
                type="button"
                onClick={() => void download("fills.parquet", `${runId}-fills.csv`)}
              >
                Fills CSV
              </button>
              <span class="dim">Artifacts:</span>
              {run.artifacts.map((a) => (
                <a key={a.name} href={api.url(a.url)} download={a.name} class="artifact">
                  {a.name} <span class="dim">{formatCount(Math.ceil(a.size / 1024))} KiB</span>
                </a>
              ))}
            </div>
          </section>
        )
        : null}
    </section>
  );
}
