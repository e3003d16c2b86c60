/**
 * @module
 * The run detail's view model: the run (config, status, artifacts), its metrics, validation
 * summary and trades, the trade selected (shared by the table and the chart), the trade
 * order. Actions load them from the API and build the CSV downloads.
 */
import { computed, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { ArtifactPage, RunDetail, ValidationSummary } from "../api/types.ts";

/** One closed trade (a row of trades.parquet). */
export interface Trade {
  /** 1-based position in time order. */
  n: number;
  entryTs: string;
  exitTs: string;
  side: string;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  returnPct: number;
}

/** How the trade table is ordered. */
export type TradeOrder = "time" | "best" | "worst";

/** Signals of one run's detail page. */
export function createRunState() {
  const run = signal<RunDetail | null>(null);
  const validation = signal<ValidationSummary | null>(null);
  const trades = signal<Trade[]>([]);
  const tradeOrder = signal<TradeOrder>("time");
  const selectedTrade = signal<number | null>(null);
  const error = signal<string | null>(null);
  const sortedTrades = computed(() => {
    const t = trades.value.slice();
    if (tradeOrder.value === "best") t.sort((a, b) => b.pnl - a.pnl || a.n - b.n);
    if (tradeOrder.value === "worst") t.sort((a, b) => a.pnl - b.pnl || a.n - b.n);
    return t;
  });
  return { run, validation, trades, tradeOrder, selectedTrade, error, sortedTrades };
}

/** The run detail's state. */
export type RunState = ReturnType<typeof createRunState>;

/** Rows of a Parquet artifact page as objects keyed by column name. */
export function pageRows(page: ArtifactPage): Record<string, unknown>[] {
  const names = page.columns.map((c) => c.name);
  return page.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

/** Every row of a Parquet artifact, page by page. */
export async function readAllRows(
  api: ApiClient,
  runId: string,
  name: string,
): Promise<ArtifactPage> {
  const first = await api.getArtifactPage(runId, name, 0, 10_000);
  const rows = first.rows.slice();
  while (rows.length < first.total) {
    const next = await api.getArtifactPage(runId, name, rows.length, 10_000);
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  return { ...first, rows, limit: rows.length };
}

/** Trades from a trades.parquet page, numbered in time order. */
export function tradesFromPage(page: ArtifactPage): Trade[] {
  return pageRows(page).map((r, i) => ({
    n: i + 1,
    entryTs: String(r.entry_ts),
    exitTs: String(r.exit_ts),
    side: String(r.side),
    qty: Number(r.qty),
    entryPrice: Number(r.entry_price),
    exitPrice: Number(r.exit_price),
    pnl: Number(r.pnl),
    returnPct: Number(r.return_pct),
  }));
}

/**
 * Loads the run, then (when it is DONE) its validation summary and trades.
 * @param chartFirst a load the trades wait for (the chart's series: the page opens on it)
 */
export async function loadRun(
  s: RunState,
  api: ApiClient,
  runId: string,
  chartFirst?: Promise<unknown>,
): Promise<void> {
  try {
    const run = await api.getRun(runId);
    s.run.value = run;
    s.error.value = null;
    if (run.status !== "DONE") return;
    const has = (n: string) => run.artifacts.some((a) => a.name === n);
    const [validation, trades] = await Promise.all([
      has("validation_summary.json") ? api.getValidation(runId) : Promise.resolve(null),
      has("trades.parquet")
        ? (async () => {
          // The trade list waits for the chart's series: asked together, the two answers
          // shared the server and the line, and the chart (what the page opens on) came later.
          await chartFirst?.catch(() => {});
          return await readAllRows(api, runId, "trades.parquet");
        })()
        : Promise.resolve(null),
    ]);
    s.validation.value = validation;
    s.trades.value = trades ? tradesFromPage(trades) : [];
  } catch (err) {
    s.error.value = (err as Error).message;
  }
}

/**
 * A Parquet page as CSV (header row, RFC 4180 quoting; times stay UTC ISO-8601 as the API
 * sends them).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const csv = pageToCsv({ name: "x", columns: [{ name: "a", type: "string" }, { name: "b", type: "float64" }],
 *   rows: [["x,y", 1.5], ['q"', null]], total: 2, offset: 0, limit: 2 });
 * assert.equal(csv, 'a,b\r\n"x,y",1.5\r\n"q""",\r\n');
 * ```
 */
export function pageToCsv(page: ArtifactPage): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return "";
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  let out = page.columns.map((c) => cell(c.name)).join(",") + "\r\n";
  for (const r of page.rows) out += r.map(cell).join(",") + "\r\n";
  return out;
}
