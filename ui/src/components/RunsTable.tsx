/**
 * @module
 * The runs table: status with the live stage, identity, metrics right-aligned with units,
 * sortable by any metric column (header buttons, `aria-sort`), a checkbox per row to pick
 * runs to compare, and cancel/delete per row. Presentational: signals in, callbacks out.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { RunSummary } from "../api/types.ts";
import {
  formatCount,
  formatDuration,
  formatNumber,
  formatNyTime,
  formatPct,
  formatUsd,
} from "../format.ts";
import { JobActions } from "./JobActions.tsx";
import { Link } from "./Link.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/** A sortable column of metrics. */
interface MetricColumn {
  key: string;
  label: string;
  format: (v: number | null | undefined) => string;
}

/** The metric columns, in order. */
export const METRIC_COLUMNS: MetricColumn[] = [
  { key: "total_return", label: "Return", format: (v) => formatPct(v) },
  { key: "cagr", label: "CAGR", format: (v) => formatPct(v) },
  { key: "sharpe", label: "Sharpe", format: (v) => formatNumber(v, 2) },
  { key: "sortino", label: "Sortino", format: (v) => formatNumber(v, 2) },
  { key: "max_drawdown", label: "Max DD", format: (v) => formatPct(v) },
  { key: "hit_rate", label: "Hit rate", format: (v) => formatPct(v, 1) },
  { key: "profit_factor", label: "PF", format: (v) => formatNumber(v, 2) },
  { key: "trades", label: "Trades", format: formatCount },
  { key: "final_equity", label: "Final equity", format: (v) => formatUsd(v, 0) },
];

/** Props of {@link RunsTable}. */
export interface RunsTableProps {
  items: ReadonlySignal<RunSummary[]>;
  /** The list has answered once (an empty list before that is not "no runs"). */
  loaded: ReadonlySignal<boolean>;
  order: ReadonlySignal<string>;
  selected: ReadonlySignal<string[]>;
  stages: ReadonlySignal<Record<string, { stage: string; done?: number; total?: number }>>;
  runHref: (id: string) => string;
  onNavigate: (href: string) => void;
  onSort: (column: string) => void;
  onToggle: (runId: string) => void;
  onCancel: (runId: string) => void;
  onDelete: (runId: string) => void;
}

function params(p: Record<string, unknown>): string {
  return Object.entries(p).filter(([, v]) => v !== false).map(([k, v]) => `${k}=${v}`).join(" ");
}

/** The table. */
export function RunsTable(props: RunsTableProps) {
  const { items, order, selected, stages } = props;
  const sortKey = order.value.replace(/^[-+]/, "");
  const dir = order.value.startsWith("-") ? "descending" : "ascending";
  const header = (key: string, label: string, numeric = false) => (
    <th
      scope="col"
      class={numeric ? "num" : undefined}
      aria-sort={sortKey === key ? dir : "none"}
    >
      <button type="button" class="sort" onClick={() => props.onSort(key)}>
        {label}
        <span class="sort-mark" aria-hidden="true">
          {sortKey === key ? (dir === "descending" ? "▼" : "▲") : ""}
        </span>
      </button>
    </th>
  );
  return (
    <table class="grid runs" aria-label="Runs">
      <thead>
        <tr>
          <th scope="col" class="pick">
            <span class="sr-only">Compare</span>
          </th>
          <th scope="col">Status</th>
          <th scope="col">Run</th>
          <th scope="col">Symbol</th>
          <th scope="col">Strategy</th>
          {header("created_at", "Created (ET)")}
          {header("duration_ms", "Took", true)}
          {METRIC_COLUMNS.map((c) => header(c.key, c.label, true))}
          <th scope="col" class="actions">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.value.length === 0
          ? (
            <tr>
              <td colSpan={8 + METRIC_COLUMNS.length} class="empty">
                {props.loaded.value
                  ? (
                    <>
                      No runs match. Create one with <code>./hewston backtest</code> or{" "}
                      <code>POST /backtests</code>.
                    </>
                  )
                  : "Loading runs…"}
              </td>
            </tr>
          )
          : items.value.map((r) => {
            const active = r.status === "QUEUED" || r.status === "RUNNING";
            const isSel = selected.value.includes(r.run_id);
            return (
              <tr key={r.run_id} class={isSel ? "selected" : undefined}>
                <td class="pick">
                  <input
                    type="checkbox"
                    checked={isSel}
                    disabled={!isSel && selected.value.length >= 4}
                    aria-label={`Compare run ${r.run_id}`}
                    onChange={() => props.onToggle(r.run_id)}
                  />
                </td>
                <td>
                  <StatusBadge status={r.status} stage={stages.value[r.run_id]} />
                </td>
                <td class="mono">
                  <Link href={props.runHref(r.run_id)} onNavigate={props.onNavigate}>
                    {r.run_id}
                  </Link>
                </td>
                <td>{r.symbol}</td>
                <td>
                  {r.strategy_id} <span class="dim">{params(r.params)}</span>
                </td>
                <td class="nowrap">{formatNyTime(r.created_at, { zone: false })}</td>
                <td class="num">{formatDuration(r.duration_ms)}</td>
                {METRIC_COLUMNS.map((c) => (
                  <td class="num" key={c.key}>{c.format(r.metrics?.[c.key])}</td>
                ))}
                <JobActions
                  noun="run"
                  id={r.run_id}
                  active={active}
                  onCancel={props.onCancel}
                  onDelete={props.onDelete}
                />
              </tr>
            );
          })}
      </tbody>
    </table>
  );
}
