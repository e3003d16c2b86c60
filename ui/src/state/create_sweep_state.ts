/**
 * @module
 * One sweep's view model: the sweep, its live progress (its event stream), and once DONE its
 * results — the heatmap of the chosen metric over the chosen axes, every member's metrics (for
 * hover), and the PBO. A keyboard cursor over the heatmap's cells, and the member it points at.
 */
import { computed, signal } from "@preact/signals";
import type { ApiClient } from "../api/client.ts";
import type { SweepDetail, SweepHeatmap, SweepMembers, SweepPbo } from "../api/sweep_types.ts";
import type { RunEventData } from "../api/types.ts";

/** What the page shows of one heatmap cell. */
export interface CellFocus {
  xi: number;
  yi: number;
}

/** Signals of one sweep's page. */
export function createSweepState() {
  const sweep = signal<SweepDetail | null>(null);
  const progress = signal<{ stage: string; done: number; total: number } | null>(null);
  const heatmap = signal<SweepHeatmap | null>(null);
  const members = signal<SweepMembers | null>(null);
  const pbo = signal<SweepPbo | null>(null);
  /** Cell under the pointer (hover) or the keyboard cursor. */
  const focus = signal<CellFocus | null>(null);
  const opening = signal(false);
  const error = signal<string | null>(null);
  /** The member behind the focused cell, with its parameters and metrics. */
  const focused = computed(() => {
    const h = heatmap.value;
    const f = focus.value;
    const m = members.value;
    if (!h || !f || !m) return null;
    const k = h.member[f.yi]?.[f.xi];
    if (k === null || k === undefined) return null;
    return { ...m.items[k], value: h.z[f.yi][f.xi] };
  });
  return { sweep, progress, heatmap, members, pbo, focus, opening, error, focused };
}

/** One sweep's state. */
export type SweepState = ReturnType<typeof createSweepState>;

/** The heatmap's choice of metric and axes (unset: the sweep's metric, its first two axes). */
export interface HeatmapChoice {
  metric?: string;
  x?: string;
  y?: string;
}

/** Loads the sweep; when DONE, its results too. */
export async function loadSweep(
  s: SweepState,
  api: ApiClient,
  id: string,
  choice: HeatmapChoice,
): Promise<void> {
  if (await refreshSweep(s, api, id) === "DONE") await loadResults(s, api, id, choice);
}

/** Loads the sweep alone; returns its status (null when it could not be read). */
export async function refreshSweep(s: SweepState, api: ApiClient, id: string) {
  try {
    const sw = await api.getSweep(id);
    s.sweep.value = sw;
    s.progress.value ??= { stage: sw.status.toLowerCase(), ...sw.progress };
    return sw.status;
  } catch (err) {
    s.error.value = (err as Error).message;
    return null;
  }
}

/**
 * The end of a sweep seen live: its results and its final record are asked for at once (the
 * heatmap shows as soon as it arrives: the time a user waits after DONE).
 */
export async function finishSweep(
  s: SweepState,
  api: ApiClient,
  id: string,
  e: RunEventData,
  choice: HeatmapChoice,
): Promise<void> {
  if (e.kind !== "done") return void await loadSweep(s, api, id, choice);
  if (s.sweep.value) s.sweep.value = { ...s.sweep.value, status: "DONE" };
  await Promise.all([refreshSweep(s, api, id), loadResults(s, api, id, choice)]);
}

/** Loads the heatmap for `choice`, the members and the PBO (members and PBO once). */
export async function loadResults(
  s: SweepState,
  api: ApiClient,
  id: string,
  choice: HeatmapChoice,
): Promise<void> {
  try {
    const [h, m, p] = await Promise.all([
      api.getSweepHeatmap(id, choice),
      s.members.value ?? api.getSweepMembers(id),
      s.pbo.value ?? api.getSweepPbo(id),
    ]);
    s.heatmap.value = h;
    s.members.value = m;
    s.pbo.value = p;
    s.error.value = null;
  } catch (err) {
    s.error.value = (err as Error).message;
  }
}

/**
 * Applies one live event: progress while it runs; at the end, the sweep is loaded again
 * (with its results when DONE).
 * @returns whether the event ends the sweep
 */
export function applySweepEvent(s: SweepState, e: RunEventData): boolean {
  if (e.kind === "stage" || e.kind === "progress") {
    const cur = s.progress.value;
    s.progress.value = {
      stage: e.stage,
      done: e.done ?? cur?.done ?? 0,
      total: e.total ?? cur?.total ?? s.sweep.value?.members ?? 0,
    };
    if (s.sweep.value && e.stage !== "queued" && s.sweep.value.status === "QUEUED") {
      s.sweep.value = { ...s.sweep.value, status: "RUNNING" };
    }
  }
  return e.kind === "done" || e.kind === "error" || e.kind === "cancelled";
}

/** Moves the keyboard cursor by (dx, dy), staying on the grid; starts at the best cell. */
export function moveFocus(s: SweepState, dx: number, dy: number): void {
  const h = s.heatmap.value;
  if (!h) return;
  const ny = h.z.length;
  const nx = h.x.values.length;
  const cur = s.focus.value ?? bestCell(h) ?? { xi: 0, yi: 0 };
  const moved = s.focus.value === null ? cur : {
    xi: Math.min(nx - 1, Math.max(0, cur.xi + dx)),
    yi: Math.min(ny - 1, Math.max(0, cur.yi + dy)),
  };
  s.focus.value = moved;
}

/** The cell with the highest value (lowest when the heatmap reduces by min). */
export function bestCell(h: SweepHeatmap): CellFocus | null {
  let best: CellFocus | null = null;
  let v = 0;
  for (let yi = 0; yi < h.z.length; yi++) {
    for (let xi = 0; xi < h.z[yi].length; xi++) {
      const z = h.z[yi][xi];
      if (z === null) continue;
      if (best === null || (h.reduce === "min" ? z < v : z > v)) (best = { xi, yi }, v = z);
    }
  }
  return best;
}

/**
 * Opens the full run of the member behind cell `c` (created on demand; the same run every time).
 * @returns the run id, or null when the cell has no member or the API refused
 */
export async function openMemberRun(
  s: SweepState,
  api: ApiClient,
  id: string,
  c: CellFocus,
): Promise<string | null> {
  const k = s.heatmap.value?.member[c.yi]?.[c.xi];
  if (k === null || k === undefined) return null;
  s.opening.value = true;
  try {
    return (await api.runSweepMember(id, k)).run_id;
  } catch (err) {
    s.error.value = (err as Error).message;
    return null;
  } finally {
    s.opening.value = false;
  }
}
