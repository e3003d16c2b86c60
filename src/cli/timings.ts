/**
 * @module
 * The CLI's time breakdown for `scripts/bench/cli_bench.ts`: with `HEWSTON_TIMINGS=1`, a
 * command prints one JSON line to stderr when it ends — `{"timings": {name: ms}}` — from the
 * `hewston:*` performance measures the layers record (`performance.measure` is a platform API,
 * so no layer imports this module), plus how long the process took to reach `main` and the
 * whole process so far. Parquet's one-time initialisation is reported alone and not counted
 * again in the stage that triggered it.
 */
import { timingsWanted } from "../config.ts";

/**
 * Prints the breakdown to stderr when `HEWSTON_TIMINGS=1`.
 * @param mainAt `performance.now()` when `main.ts` started running (its imports loaded)
 */
export function printTimings(mainAt: number): void {
  if (!timingsWanted()) return;
  const timings: Record<string, number> = { "module load": mainAt };
  const measures = performance.getEntriesByType("measure")
    .filter((m) => m.name.startsWith("hewston:"));
  // Parquet's one-time start-up is its own figure, taken out of the stage it happened in.
  const init = measures.filter((m) => m.name === "hewston:parquet init");
  for (const m of measures) {
    const name = m.name.slice("hewston:".length);
    let ms = m.duration;
    if (name !== "parquet init") {
      for (const i of init) {
        const end = Math.min(m.startTime + m.duration, i.startTime + i.duration);
        ms -= Math.max(0, end - Math.max(m.startTime, i.startTime));
      }
    }
    timings[name] = (timings[name] ?? 0) + ms;
  }
  timings["in process"] = performance.now();
  const line = JSON.stringify({ timings, time_origin: performance.timeOrigin }) + "\n";
  Deno.stderr.writeSync(new TextEncoder().encode(line));
}
