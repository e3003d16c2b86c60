/**
 * @module
 * A run's status as a small coloured badge, with the live stage (and progress) of an active run.
 */
import type { RunStatus } from "../api/types.ts";

/** Props of {@link StatusBadge}. */
export interface StatusBadgeProps {
  status: RunStatus;
  stage?: { stage: string; done?: number; total?: number };
}

/** The badge. */
export function StatusBadge({ status, stage }: StatusBadgeProps) {
  const active = status === "QUEUED" || status === "RUNNING";
  const progress = stage?.total ? ` ${stage.done ?? 0}/${stage.total}` : "";
  return (
    <span class={`badge badge-${status.toLowerCase()}`}>
      {status}
      {active && stage && stage.stage !== "queued"
        ? <span class="badge-stage">· {stage.stage}{progress}</span>
        : null}
    </span>
  );
}
