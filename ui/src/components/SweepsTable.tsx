/**
 * @module
 * The sweeps table: status with progress, grid, members, PBO, best member's Sharpe; each row
 * links to its sweep, and an active one can be cancelled. Presentational: signals in,
 * callbacks out.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { SweepSummary } from "../api/sweep_types.ts";
import { formatCount, formatNumber, formatNyTime, formatPct } from "../format.ts";
import { JobActions } from "./JobActions.tsx";
import { Link } from "./Link.tsx";
import { StatusBadge } from "./StatusBadge.tsx";

/** Props of {@link SweepsTable}. */
export interface SweepsTableProps {
  items: ReadonlySignal<SweepSummary[]>;
  sweepHref: (id: string) => string;
  onNavigate: (href: string) => void;
  onCancel: (id: string) => void;
  onDelete: (id: string) => void;
}

/** `fast 5–50 (10) × slow 20–200 (19)`. */
export function gridText(grid: SweepSummary["grid"]): string {
  return grid.map((a) => {
    const v = a.values;
    const range = v.length === 1 ? `${v[0]}` : `${v[0]}–${v[v.length - 1]} (${v.length})`;
    return `${a.name} ${range}`;
  }).join(" × ");
}

/** The table. */
export function SweepsTable(props: SweepsTableProps) {
  const items = props.items.value;
  return (
    <table class="grid sweeps" aria-label="Sweeps">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Sweep</th>
          <th scope="col">Strategy</th>
          <th scope="col">Grid</th>
          <th scope="col" class="num">Members</th>
          <th scope="col" class="num">PBO</th>
          <th scope="col" class="num">Best Sharpe</th>
          <th scope="col">Created (ET)</th>
          <th scope="col" class="actions">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.length === 0
          ? (
            <tr>
              <td colSpan={9} class="empty">No sweeps yet: launch one above.</td>
            </tr>
          )
          : null}
        {items.map((s) => {
          const active = s.status === "QUEUED" || s.status === "RUNNING";
          return (
            <tr key={s.sweep_id}>
              <td>
                <StatusBadge
                  status={s.status}
                  stage={active ? { stage: "sweep", ...s.progress } : undefined}
                />
              </td>
              <td class="mono">
                <Link href={props.sweepHref(s.sweep_id)} onNavigate={props.onNavigate}>
                  {s.sweep_id}
                </Link>
              </td>
              <td>{s.strategy_id}</td>
              <td>{gridText(s.grid)}</td>
              <td class="num">
                {active
                  ? `${formatCount(s.progress.done)} / ${formatCount(s.members)}`
                  : formatCount(s.members)}
              </td>
              <td class="num">{formatPct(s.pbo, 0)}</td>
              <td class="num">{formatNumber(s.best?.sharpe, 2)}</td>
              <td class="nowrap">{formatNyTime(s.created_at)}</td>
              <JobActions
                noun="sweep"
                id={s.sweep_id}
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
