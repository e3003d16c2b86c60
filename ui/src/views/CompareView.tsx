/**
 * @module
 * Compare 2–4 runs (container): their equity curves overlaid on one chart (one point per New
 * York session day, the last equity of the day) and their metrics side by side, the best
 * value of each row marked.
 */
import { bestFigure } from "../state/best_figure.ts";
import { signal, useComputed } from "@preact/signals";
import { useEffect, useMemo } from "preact/hooks";
import { type IChartApi, LineSeries, type UTCTimestamp } from "lightweight-charts";
import type { RunDetail } from "../api/types.ts";
import { ChartPane } from "../chart/ChartPane.tsx";
import { Link } from "../components/Link.tsx";
import { METRIC_ROWS } from "../components/MetricsGrid.tsx";
import { toNySec } from "../format.ts";
import { useServices } from "../state/context.ts";
import { runPath } from "../state/router.ts";

/** Metrics where neither direction is better: not marked. */
const NEUTRAL = new Set(["trades", "exposure", "turnover"]);
/** Metrics where the smaller value is the better one. */
const LOWER_IS_BETTER = new Set([
  "max_drawdown",
  "max_drawdown_duration_bars",
  "fees_paid",
  "volatility",
  "slippage_share",
]);

/** Line colours of the compared runs, in order. */
const USD = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const COLORS = ["#5b9cf6", "#f6a35b", "#b48ef0", "#5bd1c1"];

/** Props of {@link CompareView}. */
export interface CompareViewProps {
  ids: string[];
}

/** Daily equity points (last equity of each New York day) of one run. */
function dailyEquity(
  ts: ArrayLike<number>,
  equity: ArrayLike<number | null>,
): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  let day = -1;
  for (let i = 0; i < ts.length; i++) {
    const v = equity[i];
    if (v === null || !Number.isFinite(v)) continue;
    const d = Math.floor(toNySec(ts[i]) / 86_400) * 86_400;
    if (d === day) out[out.length - 1].value = v;
    else {
      out.push({ time: d as UTCTimestamp, value: v });
      day = d;
    }
  }
  return out;
}

/** The page. */
export function CompareView({ ids }: CompareViewProps) {
  const { api, router } = useServices();
  const runs = useMemo(() => signal<RunDetail[]>([]), [ids.join()]);
  const curves = useMemo(() => signal<{ time: UTCTimestamp; value: number }[][]>([]), [ids.join()]);
  const error = useMemo(() => signal<string | null>(null), [ids.join()]);
  const chartRef = useMemo(() => ({ chart: null as IChartApi | null, drawn: false }), []);

  useEffect(() => {
    Promise.all(ids.map((id) => api.getRun(id))).then((r) => (runs.value = r))
      .catch((e) => (error.value = (e as Error).message));
    Promise.all(ids.map((id) => api.getSeries(id)))
      .then((all) =>
        curves.value = all.map((s) => dailyEquity(s.columns["bars.ts"], s.columns["curve.equity"]))
      )
      .catch((e) => (error.value = `equity curves: ${(e as Error).message}`));
  }, [ids.join()]);

  const draw = () => {
    const chart = chartRef.chart;
    if (!chart || curves.value.length === 0 || chartRef.drawn) return;
    chartRef.drawn = true;
    curves.value.forEach((pts, i) => {
      const s = chart.addSeries(LineSeries, {
        color: COLORS[i % COLORS.length],
        lineWidth: 2,
        priceLineVisible: false,
        title: ids[i],
        priceFormat: { type: "custom", formatter: (v: number) => `$${USD.format(v)}`, minMove: 1 },
      });
      s.setData(pts);
    });
    chart.timeScale().fitContent();
  };
  useEffect(draw, [curves.value]);

  const label = useComputed(() =>
    `Equity curves of ${ids.length} runs overlaid: ${
      curves.value.map((c, i) => `${ids[i]} ${c.length} days`).join(", ") || "loading"
    }`
  );

  if (ids.length < 2) {
    return (
      <section class="page">
        <h1>Compare runs</h1>
        <p>Select 2–4 runs on the runs page to compare them.</p>
      </section>
    );
  }
  const rs = runs.value;
  const best = (key: string): number => {
    const vals = rs.map((r) => r.metrics?.[key] ?? null);
    if (NEUTRAL.has(key)) return -1;
    return bestFigure(vals, LOWER_IS_BETTER.has(key));
  };
  return (
    <section class="page" aria-labelledby="compare-title">
      <header class="page-head">
        <h1 id="compare-title">Compare {ids.length} runs</h1>
      </header>
      {error.value ? <p role="alert" class="error">{error.value}</p> : null}
      <section class="panel">
        <h2>Equity</h2>
        <ChartPane
          label={label}
          class="chart-compare"
          onReady={(chart) => {
            chartRef.chart = chart;
            draw();
            return () => {
              chartRef.chart = null;
              chartRef.drawn = false;
            };
          }}
        />
      </section>
      <section class="panel">
        <h2>Metrics</h2>
        <div class="table-wrap">
          <table class="grid compare" aria-label="Metrics side by side">
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {rs.map((r, i) => (
                  <th scope="col" class="num" key={r.run_id}>
                    <span class="swatch" style={{ background: COLORS[i % COLORS.length] }} />
                    <Link href={runPath(r.run_id)} onNavigate={(h) => router.navigate(h)}>
                      {r.run_id}
                    </Link>
                    <div class="dim">
                      {r.strategy_id}{" "}
                      {Object.entries(r.params).filter(([, v]) => v !== false).map(([k, v]) =>
                        `${k}=${v}`
                      ).join(" ")}
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {METRIC_ROWS.map(([key, name, fmt]) => {
                const b = best(key);
                return (
                  <tr key={key}>
                    <th scope="row">{name}</th>
                    {rs.map((r, i) => (
                      <td class={`num${i === b && rs.length > 1 ? " best" : ""}`} key={r.run_id}>
                        {fmt(r.metrics?.[key])}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </section>
  );
}
