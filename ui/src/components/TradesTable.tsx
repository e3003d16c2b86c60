/**
 * @module
 * The trade list: one row per closed trade, New York times, prices and P&L right-aligned,
 * ordered by time, best or worst. A click selects the trade (the chart then shows it); the
 * trade selected from the chart is highlighted and scrolled into view. A year holds a thousand
 * trades or more: the first rows are drawn at once and the rest in slices while the page is
 * idle, so loading the list never holds up a frame of a playback that started meanwhile.
 */
import type { ReadonlySignal } from "@preact/signals";
import { useSignal } from "@preact/signals";
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
  const wrapRef = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<number | null>(null);
  const all = trades.value;
  // Rows drawn so far: a first screenful, then slices while idle, up to all of them.
  const limit = useSignal(FIRST_ROWS);
  useEffect(() => {
    // The selected trade stays drawn when the order changes.
    const n = selected.peek();
    const i = n === null ? -1 : all.findIndex((t) => t.n === n);
    limit.value = Math.max(FIRST_ROWS, i + SLICE_ROWS);
    scrolledFor.current = null;
    let handle = 0;
    const more = () => {
      if (limit.peek() >= all.length) return;
      limit.value = limit.peek() + SLICE_ROWS;
      handle = whenIdle(more);
    };
    handle = whenIdle(more);
    return () => cancelIdle(handle);
  }, [all]);
  useEffect(() => {
    const n = selected.value;
    if (n === null) return;
    // A trade picked on the chart may be past the rows drawn yet.
    const i = all.findIndex((t) => t.n === n);
    if (i >= limit.peek()) limit.value = i + SLICE_ROWS;
  }, [selected.value]);
  // Scrolled into the list's view once per selection, after the render that draws its row;
  // only the list scrolls (the page stays on the chart that shows the trade).
  useEffect(() => {
    const n = selected.peek();
    const wrap = wrapRef.current;
    if (n === null || scrolledFor.current === n || !wrap) return;
    const row = body.current?.querySelector(`tr[data-n="${n}"]`);
    if (!row) return;
    scrolledFor.current = n;
    const r = row.getBoundingClientRect();
    const w = wrap.getBoundingClientRect();
    const head = body.current?.previousElementSibling?.getBoundingClientRect().height ?? 0;
    if (r.top < w.top + head || r.bottom > w.bottom) {
      wrap.scrollTop += r.top - w.top - head - (w.height - head - r.height) / 2;
    }
  });
  const rows = all.length > limit.value ? all.slice(0, limit.value) : all;
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
        <span class="dim">{formatCount(all.length)} trades · order:</span>
        {btn("time", "Time")}
        {btn("best", "Best")}
        {btn("worst", "Worst")}
      </div>
      <div class="table-wrap trades-wrap" ref={wrapRef}>
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
            {rows.map((t) => (
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

/** Rows drawn at once (more than the list's box shows). */
const FIRST_ROWS = 40;
/** Rows added per idle slice. */
const SLICE_ROWS = 50;

type IdleApi = {
  requestIdleCallback?: (f: () => void) => number;
  cancelIdleCallback?: (h: number) => void;
};

/**
 * Runs `f` when the page is idle: between the frames of a playback (a few ms each) or once
 * it is still; never forced into a busy frame.
 */
function whenIdle(f: () => void): number {
  const g = globalThis as unknown as IdleApi;
  return g.requestIdleCallback ? g.requestIdleCallback(f) : setTimeout(f, 50) as unknown as number;
}

function cancelIdle(h: number): void {
  const g = globalThis as unknown as IdleApi;
  if (g.cancelIdleCallback) g.cancelIdleCallback(h);
  else clearTimeout(h);
}
