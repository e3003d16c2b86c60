/**
 * @module
 * The one owner of the chart's lifetime: creates the lightweight-charts chart in its element
 * (dark theme, New York times on the axis and crosshair, sized to its box), hands it to the
 * page (which adds its series), and removes it all on unmount. Its accessible name describes
 * what it currently holds (the canvas itself cannot be read).
 */
import type { ReadonlySignal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import { createChart, type IChartApi, type Time } from "lightweight-charts";
import { formatCandleTime } from "../format.ts";

/** Props of {@link ChartPane}. */
export interface ChartPaneProps {
  /** What the chart shows, for assistive technology and tests. */
  label: ReadonlySignal<string>;
  /** Called once the chart exists; returns its own cleanup. */
  onReady: (chart: IChartApi) => () => void;
  /** Extra class of the figure (its height). */
  class?: string;
}

/** The chart element. */
export function ChartPane({ label, onReady, class: cls }: ChartPaneProps) {
  const el = useRef<HTMLDivElement>(null);
  // Before the first paint: the page draws into it as soon as its data is here.
  useLayoutEffect(() => {
    const chart = createChart(el.current!, {
      autoSize: true,
      layout: {
        background: { color: "#12151b" },
        textColor: "#9aa4b2",
        fontSize: 11,
        attributionLogo: false,
        panes: { separatorColor: "#2a303a", separatorHoverColor: "#3a4250", enableResize: true },
      },
      grid: { vertLines: { color: "#1b2028" }, horzLines: { color: "#1b2028" } },
      rightPriceScale: { borderColor: "#2a303a", minimumWidth: 84 },
      timeScale: {
        borderColor: "#2a303a",
        timeVisible: true,
        secondsVisible: false,
        shiftVisibleRangeOnNewBar: true,
      },
      crosshair: { mode: 0 },
      localization: {
        timeFormatter: (t: Time) => formatCandleTime(t as number, false),
      },
    });
    const off = onReady(chart);
    return () => {
      off();
      chart.remove();
    };
  }, []);
  return (
    <figure class={`chart ${cls ?? ""}`} role="img" aria-label={label}>
      <div ref={el} class="chart-canvas" />
    </figure>
  );
}
