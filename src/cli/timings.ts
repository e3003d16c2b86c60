/**
 * @module
 * The CLI's time breakdown for `scripts/bench/cli_bench.ts`: with `HEWSTON_TIMINGS=1`, a
 * command prints one JSON line to stderr when it ends — `{"timings": {name: ms}}` — from the
 * `hewston:*` performance measures the layers record (`performance.measure` is a platform API,
 * so no layer imports this module), plus how long the process took to reach `main` and the
 * whole process so far, and each stage's spans (`{name: [[start, end], …]}`, ms since the
 * process started) since stages may overlap.
 */
import { timingsWanted } from "../config.ts";

/**
 * Prints the breakdown to stderr when `HEWSTON_TIMINGS=1`.
 * @param mainAt `performance.now()` when `main.ts` started running (its imports loaded)
 */
export function printTimings(mainAt: number): void {
  if (!timingsWanted()) return;
  const timings: Record<string, number> = { "module load": mainAt };
  // Each stage's time span, so a reader can tell overlapping work (Parquet's start-up runs
  // beside the bars load and the engine) from sequential work.
  const spans: Record<string, [number, number][]> = { "module load": [[0, mainAt]] };
  for (const m of performance.getEntriesByType("measure")) {
    if (!m.name.startsWith("hewston:")) continue;
    const name = m.name.slice("hewston:".length);
    timings[name] = (timings[name] ?? 0) + m.duration;
    (spans[name] ??= []).push([m.startTime, m.startTime + m.duration]);
  }
  timings["in process"] = performance.now();
  const line = JSON.stringify({ timings, spans, time_origin: performance.timeOrigin }) + "\n";
  Deno.stderr.writeSync(new TextEncoder().encode(line));
}
