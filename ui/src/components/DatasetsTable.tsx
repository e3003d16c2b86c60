/**
 * @module
 * The datasets table: one row per dataset (status, range, bars, size, source, session) with
 * its preview link and delete button, and above them the builds under way, each with its
 * live stage and progress bar.
 */
import type { DatasetSummary } from "../api/types.ts";
import type { BuildJob } from "../state/create_datasets_state.ts";
import { formatCount } from "../format.ts";
import { Link } from "./Link.tsx";

/** Props of {@link DatasetsTable}. */
export interface DatasetsTableProps {
  items: DatasetSummary[];
  /** Builds with no catalog row yet. */
  pending: BuildJob[];
  /** The running build of a BUILDING row, if known. */
  jobOf: (d: DatasetSummary) => BuildJob | undefined;
  previewHref: (id: string) => string;
  previewed: string | null;
  onNavigate: (href: string) => void;
  onDelete: (id: string) => void;
  onCancel: (jobId: string) => void;
}

/**
 * Bytes as KiB/MiB/GiB.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatBytes(4_170_172), "4.0 MiB");
 * assert.equal(formatBytes(null), "—");
 * ```
 */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return "—";
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024, u++);
  return `${v.toFixed(1)} ${units[u]}`;
}

function Progress({ job, label }: { job: BuildJob; label: string }) {
  const total = job.total ?? 0;
  return (
    <span class="build-progress">
      <span class="badge badge-building">BUILDING</span>{" "}
      <span class="dim">
        {job.stage}
        {total > 0 ? ` ${formatCount(job.done ?? 0)} / ${formatCount(total)}` : ""}
      </span>
      {total > 0
        ? <progress max={total} value={job.done ?? 0} aria-label={`Build progress of ${label}`} />
        : null}
    </span>
  );
}

/** The table. */
export function DatasetsTable(p: DatasetsTableProps) {
  return (
    <table class="grid datasets-table" aria-label="Datasets">
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Range</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Bars</th>
          <th scope="col" class="num">Size</th>
          <th scope="col">Source</th>
          <th scope="col">Session</th>
          <th scope="col">Dataset id</th>
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {p.pending.map((j) => (
          <tr key={j.jobId}>
            <td>{j.symbol}</td>
            <td class="nowrap">{j.from} → {j.to}</td>
            <td>
              <Progress job={j} label={j.symbol} />
            </td>
            <td class="num">—</td>
            <td class="num">—</td>
            <td>{j.kind}</td>
            <td class="dim">—</td>
            <td class="mono dim">{j.jobId}</td>
            <td class="actions">
              <button
                type="button"
                class="small"
                aria-label={`Cancel the ${j.symbol} build`}
                onClick={() => p.onCancel(j.jobId)}
              >
                Cancel
              </button>
            </td>
          </tr>
        ))}
        {p.items.map((d) => {
          const job = d.status === "BUILDING" ? p.jobOf(d) : undefined;
          return (
            <tr key={d.dataset_id} class={p.previewed === d.dataset_id ? "selected" : undefined}>
              <td>
                <strong>{d.symbol}</strong>
              </td>
              <td class="nowrap">{d.from_date} → {d.to_date}</td>
              <td>
                {job ? <Progress job={job} label={d.symbol} /> : (
                  <span
                    class={`badge badge-${d.status.toLowerCase()}`}
                    title={d.error ?? undefined}
                  >
                    {d.status}
                  </span>
                )}
                {d.status === "ERROR" && d.error ? <span class="dim">{d.error}</span> : null}
              </td>
              <td class="num">{d.status === "READY" ? formatCount(d.bar_count) : "—"}</td>
              <td class="num">{d.status === "READY" ? formatBytes(d.size_bytes) : "—"}</td>
              <td>{d.source_kind}</td>
              <td>{d.session ?? "regular"}</td>
              <td class="mono dim">{d.dataset_id}</td>
              <td class="actions nowrap">
                {d.status === "READY"
                  ? (
                    <Link
                      href={p.previewHref(d.dataset_id)}
                      onNavigate={p.onNavigate}
                      title={`Preview ${d.dataset_id}`}
                    >
                      <span aria-label={`Preview ${d.symbol} ${d.from_date} → ${d.to_date}`}>
                        Preview
                      </span>
                    </Link>
                  )
                  : null} {job
                  ? (
                    <button
                      type="button"
                      class="small"
                      aria-label={`Cancel the ${d.symbol} build`}
                      onClick={() => p.onCancel(job.jobId)}
                    >
                      Cancel
                    </button>
                  )
                  : d.status !== "BUILDING"
                  ? (
                    <button
                      type="button"
                      class="small danger"
                      aria-label={`Delete dataset ${d.dataset_id}`}
                      onClick={() => p.onDelete(d.dataset_id)}
                    >
                      Delete
                    </button>
                  )
                  : null}
              </td>
            </tr>
          );
        })}
        {p.items.length === 0 && p.pending.length === 0
          ? (
            <tr>
              <td colSpan={9} class="empty dim">No datasets yet: build one above.</td>
            </tr>
          )
          : null}
      </tbody>
    </table>
  );
}
