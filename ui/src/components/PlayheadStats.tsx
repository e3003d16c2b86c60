/**
 * @module
 * Figures at the playhead (equity, position, drawdown, trades and fills so far, bars shown),
 * in fixed-width cells so nothing moves while they change during playback.
 */
import { type ReadonlySignal, useComputed } from "@preact/signals";
import { formatCount, formatNumber, formatNyTime, formatPct, formatUsd } from "../format.ts";

/** What the stats show. */
export interface PlayheadFigures {
  ts: number;
  equity: number;
  drawdown: number;
  position: number;
  fills: number;
  trades: number;
  bars: number;
}

/** Props of {@link PlayheadStats}. */
export interface PlayheadStatsProps {
  stats: ReadonlySignal<PlayheadFigures | null>;
}

/** The stats row (each figure bound to the DOM: no re-render per frame). */
export function PlayheadStats({ stats }: PlayheadStatsProps) {
  const text = (f: (s: PlayheadFigures) => string) =>
    useComputed(() => (stats.value ? f(stats.value) : "—"));
  const cells: [string, ReadonlySignal<string>, ReadonlySignal<string>?][] = [
    ["Time", text((s) => formatNyTime(s.ts))],
    ["Equity", text((s) => formatUsd(s.equity))],
    [
      "Position",
      text((s) => `${formatNumber(s.position, 0)} sh`),
      useComputed(() => {
        const p = stats.value?.position ?? 0;
        return `num ${p > 0 ? "up" : p < 0 ? "down" : ""}`;
      }),
    ],
    ["Drawdown", text((s) => formatPct(-Math.abs(s.drawdown))), useComputed(() => "num down")],
    ["Trades so far", text((s) => formatCount(s.trades))],
    ["Fills so far", text((s) => formatCount(s.fills))],
    ["Bars", text((s) => formatCount(s.bars))],
  ];
  return (
    <dl class="stats" aria-label="At the playhead">
      {cells.map(([label, value, cls]) => (
        <div class="stat" key={label}>
          <dt>{label}</dt>
          <dd class={cls ?? "num"}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
