/**
 * @module
 * One sweep's page (container): live progress while it runs; once DONE, the heatmap of the
 * chosen metric over the chosen axes (both in the URL, so a deep link or back/forward shows the
 * same view), hover or arrow keys for a member's metrics, click or Enter for its full run
 * (created on demand); the PBO with its logit histogram; the DSR of the best member.
 */
import { useEffect, useMemo } from "preact/hooks";
import { watchRunEvents } from "../api/run_events.ts";
import { Heatmap } from "../components/Heatmap.tsx";
import { Link } from "../components/Link.tsx";
import { PboHistogram } from "../components/PboHistogram.tsx";
import { StatusBadge } from "../components/StatusBadge.tsx";
import { gridText } from "../components/SweepsTable.tsx";
import { formatCount, formatDuration, formatNumber } from "../format.ts";
import { useServices } from "../state/context.ts";
import {
  applySweepEvent,
  createSweepState,
  finishSweep,
  loadResults,
  loadSweep,
  moveFocus,
  openMemberRun,
} from "../state/create_sweep_state.ts";
import { runPath, sweepPath } from "../state/router.ts";

/** Props of {@link SweepDetailView}: the route's sweep and heatmap choice. */
export interface SweepDetailViewProps {
  sweepId: string;
  metric?: string;
  x?: string;
  y?: string;
}

/** The sweep page. */
export function SweepDetailView({ sweepId, metric, x, y }: SweepDetailViewProps) {
  const { api, router } = useServices();
  const s = useMemo(() => createSweepState(), []);
  const choice = { metric, x, y };

  useEffect(() => {
    let close = () => {};
    void loadSweep(s, api, sweepId, choice).then(() => {
      const st = s.sweep.value?.status;
      if (st !== "QUEUED" && st !== "RUNNING") return;
      close = watchRunEvents(api, sweepId, (e) => {
        if (!applySweepEvent(s, e)) return;
        // Time from the end of the sweep to its heatmap on screen (scripts/bench/ui_bench.ts).
        if (e.kind === "done") performance.mark("hewston:sweep-done");
        void finishSweep(s, api, sweepId, e, choice);
      }, "/sweeps");
    });
    return () => close();
  }, [sweepId]);

  // Another metric or axis (a select, back/forward): the heatmap again, the rest kept.
  useEffect(() => {
    if (s.sweep.value?.status === "DONE") void loadResults(s, api, sweepId, choice);
  }, [metric, x, y]);

  const sw = s.sweep.value;
  const h = s.heatmap.value;
  const axes = sw?.grid.filter((a) => a.values.length > 1).map((a) => a.name) ?? [];
  const choose = (patch: { metric?: string; x?: string; y?: string }) =>
    router.navigate(
      sweepPath(sweepId, { metric: h?.metric, x: h?.x.param, y: h?.y?.param, ...patch }),
    );
  const select = (label: string, value: string, options: string[], on: (v: string) => void) => (
    <label class="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => on(e.currentTarget.value)}>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  );
  const open = async (c: { xi: number; yi: number }) => {
    s.focus.value = c;
    const runId = await openMemberRun(s, api, sweepId, c);
    if (runId) router.navigate(runPath(runId));
  };
  const pbo = s.pbo.value;
  const logits = (pbo?.pbo?.logits ?? []) as number[];

  return (
    <section class="page" aria-labelledby="sweep-title">
      <header class="page-head">
        <h1 id="sweep-title">
          Sweep <span class="mono">{sweepId}</span>
        </h1>
        {sw ? <StatusBadge status={sw.status} /> : null}
        <span class="spacer" />
        <Link href="/ui/sweeps" onNavigate={(href) => router.navigate(href)}>All sweeps</Link>
      </header>
      {s.error.value ? <p role="alert" class="error">{s.error.value}</p> : null}
      {sw
        ? (
          <p class="dim">
            {sw.strategy_id} on <span class="mono">{sw.dataset_id}</span> · {gridText(sw.grid)} ·
            {" "}
            {formatCount(sw.members)}{" "}
            members{sw.skipped ? `, ${formatCount(sw.skipped)} refused` : ""}
            {sw.duration_ms !== null ? ` · ${formatDuration(sw.duration_ms)}` : ""}
          </p>
        )
        : null}
      {sw && (sw.status === "QUEUED" || sw.status === "RUNNING")
        ? (
          <div class="panel">
            <label class="progress-label">
              {s.progress.value?.stage ?? "queued"}: {formatCount(s.progress.value?.done ?? 0)} of
              {" "}
              {formatCount(s.progress.value?.total ?? sw.members)} members
              <progress
                max={s.progress.value?.total || sw.members || 1}
                value={s.progress.value?.done ?? 0}
              />
            </label>
            <button
              type="button"
              class="small"
              onClick={() =>
                void api.cancelSweep(sweepId).then(() => loadSweep(s, api, sweepId, choice))}
            >
              Cancel
            </button>
          </div>
        )
        : null}
      {sw && (sw.status === "ERROR" || sw.status === "CANCELLED")
        ? <p class="error" role="alert">{sw.status}: {sw.error ?? ""}</p>
        : null}
      {h && sw?.status === "DONE"
        ? (
          <div class="sweep-results">
            <section class="panel" aria-label="Heatmap">
              <div class="toolbar">
                {select(
                  "Metric",
                  h.metric,
                  s.members.value?.metrics ?? [h.metric],
                  (v) => choose({ metric: v }),
                )}
                {axes.length > 1
                  ? select(
                    "Across",
                    h.x.param,
                    axes,
                    (v) => choose({ x: v, y: v === h.y?.param ? h.x.param : h.y?.param }),
                  )
                  : null}
                {axes.length > 1 && h.y
                  ? select(
                    "Down",
                    h.y.param,
                    axes.filter((a) => a !== h.x.param),
                    (v) => choose({ y: v }),
                  )
                  : null}
                <span class="spacer" />
                <span class="dim">
                  {s.opening.value ? "Opening the member's run…" : "Click a cell for its full run"}
                </span>
              </div>
              <Heatmap
                heatmap={s.heatmap}
                focus={s.focus}
                focused={s.focused}
                onHover={(c) => (s.focus.value = c)}
                onMove={(dx, dy) => moveFocus(s, dx, dy)}
                onOpen={(c) => void open(c)}
                onPainted={() => {
                  if (performance.getEntriesByName("hewston:heatmap-painted").length) return;
                  performance.mark("hewston:heatmap-painted");
                }}
              />
            </section>
            <div class="sweep-columns">
              <section class="panel" aria-label="Overfitting">
                <h2>Probability of Backtest Overfitting</h2>
                {pbo?.pbo && logits.length
                  ? <PboHistogram logits={logits} pbo={Number(pbo.pbo.pbo)} meaning={pbo.meaning} />
                  : <p class="dim">{pbo?.meaning ?? ""}</p>}
              </section>
              <section class="panel" aria-label="Best member">
                <h2>Deflated Sharpe Ratio of the best member</h2>
                {sw.dsr
                  ? (
                    <p class="dsr">
                      <strong>DSR {formatNumber(sw.dsr.probability, 3)}</strong> over{" "}
                      <strong>{formatCount(sw.dsr.trials)} trials</strong>: the probability that the
                      best member's Sharpe ratio ({formatNumber(sw.dsr.sharpe, 2)}) beats the best
                      of {formatCount(sw.dsr.trials)} no-skill tries (E[max SR]{" "}
                      {formatNumber(sw.dsr.expected_max_sharpe, 2)}).{" "}
                      <span class="dim">{sw.dsr.note}.</span>
                    </p>
                  )
                  : sw.finished_at
                  ? <p class="dim">No member has a Sharpe ratio.</p>
                  : null}
                {sw.best
                  ? (
                    <p>
                      Best member {sw.best.member}: {Object.entries(sw.best.params).map(([k, v]) =>
                        `${k}=${v}`
                      ).join(" ")}{" "}
                      <button
                        type="button"
                        class="small"
                        onClick={() => {
                          const m = sw.best!.member;
                          for (let yi = 0; yi < h.member.length; yi++) {
                            const xi = h.member[yi].indexOf(m);
                            if (xi >= 0) return void open({ xi, yi });
                          }
                          void api.runSweepMember(sweepId, m).then((r) =>
                            router.navigate(runPath(r.run_id))
                          );
                        }}
                      >
                        Open its run
                      </button>
                    </p>
                  )
                  : null}
              </section>
            </div>
          </div>
        )
        : null}
    </section>
  );
}
