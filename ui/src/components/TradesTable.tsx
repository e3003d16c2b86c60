/**
 * @module
 * The trade list: one row per closed trade, New York times, prices and P&L right-aligned,
 * ordered by time, best or worst. A click selects the trade (the chart then shows it); the
 * trade selected from the chart is highlighted and scrolled into view.
 *
 * A year holds a thousand trades or more, so the list is windowed: rows have one fixed height
 * and only those in the box (plus a margin) are in the DOM, between two spacer rows that keep
 * the scroll height of the whole list. Drawing it costs the same for ten trades or ten
 * thousand, and nothing is left to draw while a playback runs (a growing table cost frames of
 * 100 ms of layout and paint in the first second of a playback). Screen readers get the full
 * size from `aria-rowcount` and each row's place from `aria-rowindex`; ↑/↓ move between rows.
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

/** A row's height in CSS pixels (fixed: the window's arithmetic depends on it). */
export const TRADE_ROW_PX = 26;
/** Rows drawn beyond each edge of the box, so a scroll never shows an empty band. */
const MARGIN_ROWS = 12;
/** Rows the box shows before it is measured (`.trades-wrap` is at most 340 px high). */
const BOX_ROWS = 14;

/**
 * The rows to draw for a box scrolled to `scrollTop`: `[from, to)` of `total`.
 * @param scrollTop the box's scroll offset in px (the sticky header included)
 * @param boxRows rows the box shows
 */
export function tradeWindow(
  scrollTop: number,
  boxRows: number,
  total: number,
): { from: number; to: number } {
  const first = Math.floor(Math.max(0, scrollTop) / TRADE_ROW_PX);
  const from = Math.max(0, Math.min(total, first - MARGIN_ROWS));
  const to = Math.min(total, first + boxRows + MARGIN_ROWS);
  return { from, to: Math.max(from, to) };
}

/** The table with its order switch. */
export function TradesTable({ trades, order, selected, onOrder, onSelect }: TradesTableProps) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  // The selection last scrolled into view (once per selection and per order).
  const scrolledFor = useRef<number | null>(null);
  // The row to focus after the render that draws it (keyboard moves).
  const focusN = useRef<number | null>(null);
  const scrollTop = useSignal(0);
  const boxRows = useSignal(BOX_ROWS);
  const all = trades.value;
  const sel = selected.value;

  useEffect(() => {
    // A new order shows the selected trade again.
    scrolledFor.current = null;
  }, [all]);

  // The selected trade (from a click on the chart, or kept across a new order) is brought
  // into the list's view; only the list scrolls, the page stays on the chart that shows it.
  useEffect(() => {
    const wrap = wrapRef.current;
    if (sel === null || scrolledFor.current === sel || !wrap) return;
    scrolledFor.current = sel;
    const i = all.findIndex((t) => t.n === sel);
    if (i < 0) return;
    const head = headHeight(bodyRef.current);
    const top = head + i * TRADE_ROW_PX;
    if (top < wrap.scrollTop + head || top + TRADE_ROW_PX > wrap.scrollTop + wrap.clientHeight) {
      wrap.scrollTop = Math.max(0, top - head - (wrap.clientHeight - head - TRADE_ROW_PX) / 2);
      scrollTop.value = wrap.scrollTop;
    }
  }, [sel, all]);

  useEffect(() => {
    const wrap = wrapRef.current;
    if (wrap && wrap.clientHeight > 0) {
      boxRows.value = Math.ceil(wrap.clientHeight / TRADE_ROW_PX);
    }
    const n = focusN.current;
    if (n === null) return;
    focusN.current = null;
    bodyRef.current?.querySelector<HTMLElement>(`tr[data-n="${n}"]`)?.focus();
  });

  const { from, to } = tradeWindow(scrollTop.value, boxRows.value, all.length);
  const rows = all.slice(from, to);
  const moveFocus = (i: number, e: KeyboardEvent) => {
    const j = e.key === "ArrowDown" ? i + 1 : i - 1;
    if (j < 0 || j >= all.length) return;
    e.preventDefault();
    const wrap = wrapRef.current;
    if (wrap) {
      const head = headHeight(bodyRef.current);
      const top = head + j * TRADE_ROW_PX;
      if (top < wrap.scrollTop + head) wrap.scrollTop = top - head;
      else if (top + TRADE_ROW_PX > wrap.scrollTop + wrap.clientHeight) {
        wrap.scrollTop = top + TRADE_ROW_PX - wrap.clientHeight;
      }
      scrollTop.value = wrap.scrollTop;
    }
    const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-n="${all[j].n}"]`);
    // Drawn already: focus it now; otherwise after the render the scroll brings.
    if (row) row.focus();
    else focusN.current = all[j].n;
  };
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
      <div
        class="table-wrap trades-wrap"
        ref={wrapRef}
        onScroll={(e) => (scrollTop.value = (e.currentTarget as HTMLElement).scrollTop)}
      >
        <table class="grid trades-grid" aria-label="Trades" aria-rowcount={all.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
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
          <tbody ref={bodyRef}>
            {from > 0 ? <Spacer rows={from} /> : null}
            {rows.map((t, k) => (
              <tr
                key={t.n}
                data-n={t.n}
                aria-rowindex={from + k + 2}
                class={`clickable${sel === t.n ? " selected" : ""}`}
                aria-selected={sel === t.n}
                tabIndex={0}
                onClick={() => onSelect(t.n)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") onSelect(t.n);
                  else if (e.key === "ArrowDown" || e.key === "ArrowUp") moveFocus(from + k, e);
                }}
              >
                <td class="num">{t.n}</td>
                <td class={t.side === "long" ? "up" : "down"}>{t.side}</td>
                <td>{formatNyTime(t.entryTs)}</td>
                <td>{formatNyTime(t.exitTs)}</td>
                <td class="num">{formatCount(t.qty)}</td>
                <td class="num">{formatNumber(t.entryPrice, 2)}</td>
                <td class="num">{formatNumber(t.exitPrice, 2)}</td>
                <td class={`num ${t.pnl >= 0 ? "up" : "down"}`}>{formatUsd(t.pnl)}</td>
                <td class={`num ${t.returnPct >= 0 ? "up" : "down"}`}>
                  {formatPct(t.returnPct)}
                </td>
              </tr>
            ))}
            {to < all.length ? <Spacer rows={all.length - to} /> : null}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The height of the rows not drawn, as one row no reader announces. */
function Spacer({ rows }: { rows: number }) {
  return (
    <tr aria-hidden="true" class="spacer" style={{ height: `${rows * TRADE_ROW_PX}px` }}>
      <td colSpan={9} />
    </tr>
  );
}

/** The sticky header's height (rows start below it in the scroll box). */
function headHeight(body: HTMLTableSectionElement | null): number {
  return body?.previousElementSibling?.getBoundingClientRect().height ?? TRADE_ROW_PX;
}
