/**
 * @module
 * The trade list: one row per closed trade, New York times, prices and P&L right-aligned,
 * ordered by time, best or worst. A click selects the trade (the chart then shows it); the
 * trade selected from the chart is highlighted and scrolled into view.
 */
import type { ReadonlySignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { formatCount, formatNumber, formatNyTime, formatPct, formatUsd } from "../format.ts";
import type { Trade, TradeOrder } from "../state/create_run_state.ts";

/** Props of {@link TradesTable}. */
export interface TradesTableProps {
  trades: ReadonlySignal<Trade[]>;
  order: ReadonlySignal<TradeOrder>;
  selected: ReadonlySignal<number | null>;
  onOrder: (o: TradeOrder) => void;
  onSelect: (n: number) => void;
}

/** The table with its order switch. */
export function TradesTable({ trades, order, selected, onOrder, onSelect }: TradesTableProps) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const n = selected.value;
    if (n === null) return;
    body.current?.querySelector(`tr[data-n="${n}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected.value]);
  const btn = (o: TradeOrder, label: string) => (
    <button
      type="button"
      class="seg"
      aria-pressed={order.value === o}
      onClick={() => onOrder(o)}
    >
      {label}
    </button>
  );
  return (
    <div class="trades">
      <div class="toolbar" role="toolbar" aria-label="Trade order">
        <span class="dim">{formatCount(trades.value.length)} trades · order:</span>
        {btn("time", "Time")}
        {btn("best", "Best")}
        {btn("worst", "Worst")}
      </div>
      <div class="table-wrap trades-wrap">
        <table class="grid" aria-label="Trades">
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">Side</th>
              <th scope="col">Entry (ET)</th>
              <th scope="col">Exit (ET)</th>
              <th scope="col" class="num">Qty</th>
              <th scope="col" class="num">Entry $</th>
              <th scope="col" class="num">Exit $</th>
              <th scope="col" class="num">P&amp;L</th>
              <th scope="col" class="num">Return</th>
            </tr>
          </thead>
          <tbody ref={body}>
            {trades.value.map((t) => (
              <tr
                key={t.n}
                data-n={t.n}
                class={`clickable${selected.value === t.n ? " selected" : ""}`}
                aria-selected={selected.value === t.n}
                tabIndex={0}
                onClick={() => onSelect(t.n)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") onSelect(t.n);
                }}
              >
                <td class="num">{t.n}</td>
                <td class={t.side === "long" ? "up" : "down"}>{t.side}</td>
                <td class="nowrap">{formatNyTime(t.entryTs)}</td>
                <td class="nowrap">{formatNyTime(t.exitTs)}</td>
                <td class="num">{formatCount(t.qty)}</td>
                <td class="num">{formatNumber(t.entryPrice, 2)}</td>
                <td class="num">{formatNumber(t.exitPrice, 2)}</td>
                <td class={`num ${t.pnl >= 0 ? "up" : "down"}`}>{formatUsd(t.pnl)}</td>
                <td class={`num ${t.returnPct >= 0 ? "up" : "down"}`}>
                  {formatPct(t.returnPct)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
