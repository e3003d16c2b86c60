/**
 * @module
 * How many files a reader opens to follow one backtest from `POST /backtests` to DONE, counted
 * from the code rather than by hand (issue 8's "files opened" figure), so the figure can be
 * compared between commits:
 *
 * ```sh
 * scripts/deno run -R scripts/follow_backtest.ts [repository root]
 * ```
 *
 * The walk starts at the route module (`src/api/routes/backtests.ts`) and follows value imports
 * (a reader skips `import type` declarations), dynamic imports and worker URLs through the
 * application path — `src/api/routes/`, `src/services/`, `jobs/` — plus the hops dependency
 * injection hides from imports: the route calls the run service it gets in `AppDeps`, the run
 * service schedules on the `TaskRunner` the server injects (`jobs/pool.ts`), whose workers run
 * `jobs/engine_worker.ts`. A module of another folder (the engine, the store, market data,
 * domain types, the API's shared helpers, config) is counted when the path reaches it but not
 * followed: a room the backtest enters, not a corridor it walks. Test code is never counted.
 *
 * One refinement, where a plain import walk is wrong: `jobs/run_task.ts` loads each task
 * kind's handler with the first task of that kind. A backtest sends `backtest` tasks, and a
 * `dataset` task when its dataset must be built (both followed), never a `sweep_chunk` one,
 * so the sweep chunk's handler is listed as off the path (printed, not counted).
 *
 * The figure (the last line the script prints, with its corridor/room split):
 *
 * | commit | files | folders | corridors + rooms |
 * |---|---:|---:|---|
 * | main before issue 8's corridor pass (adeb989) | 50 | 15 | 22 + 28 |
 * | after it (b208f9e) | 42 (46 with the sweep chunk's handler) | 13 (15) | 17 + 25 |
 * | with cliperf's Parquet writer (91ce0e3: `execute_run` drops `store/parquet.ts`) | 41 (45 with it) | 13 (15) | 17 + 24 |
 *
 * The review estimated about 12 for its proposed layout. Of today's 41, 17 are corridors (the
 * route, 11 modules of `src/services/` — the run service, its request, prepare/execute stages,
 * artifacts, events, retention; the dataset service; views; job durations — and 5 of `jobs/`:
 * pool, worker entry, task dispatch, and the TBBO worker a dataset build starts) and 24 are
 * rooms: domain types, store, engine and market modules, each one job that the layers keep
 * apart, and the engine's are hashed into run ids (left as they are).
 */
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { isTestModule, stripComments } from "./import_graph.ts";

/** Folders whose modules the walk follows (the corridors). */
const FOLLOWED = ["src/api/routes/", "src/services/", "jobs/"];
/** Where the walk starts: the module that handles `POST /backtests`. */
export const START = "src/api/routes/backtests.ts";
/** Calls that go through an injected dependency: caller → the module that answers. */
const INJECTED: Record<string, string> = {
  "src/api/routes/backtests.ts": "src/services/runs/run_service.ts", // AppDeps.service
  "src/services/runs/run_service.ts": "jobs/pool.ts", // the server's TaskRunner
  "jobs/pool.ts": "jobs/engine_worker.ts", // the worker module the server's pool starts
};
/** Modules a followed corridor loads only for other use cases: neither counted nor followed. */
export const OFF_PATH: Record<string, string> = {
  "jobs/sweep_chunk.ts": "the sweep_chunk task's handler (sweeps send it, a backtest never does)",
};

const FROM_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;]*?\bfrom\s*["']([^"']+)["']/gm;
// `import { type A, type B } from …` names only types.
const TYPES_ONLY = /^\s*(?:import|export)\s*\{\s*(?:type\s+\w+(?:\s+as\s+\w+)?\s*,?\s*)+\}/;
const BARE_IMPORT = /^\s*import\s*["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
const WORKER = /new\s+URL\(\s*["']([^"']+\.ts)["']\s*,\s*import\.meta\.url\s*\)/g;

/** The relative modules `text` imports for their values (statically, dynamically, as a worker). */
export function relativeImports(text: string): string[] {
  const code = stripComments(text);
  const out = new Set<string>();
  for (const re of [FROM_IMPORT, BARE_IMPORT, DYNAMIC, WORKER]) {
    for (const m of code.matchAll(re)) {
      if (re === FROM_IMPORT && TYPES_ONLY.test(m[0])) continue;
      if (m[1].startsWith("./") || m[1].startsWith("../")) out.add(m[1]);
    }
  }
  return [...out];
}

/**
 * The files opened, in the order the walk reaches them.
 * @param offPath receives each {@link OFF_PATH} module the walk reached and left out
 */
export async function followBacktest(root: string, offPath = new Set<string>()): Promise<string[]> {
  const seen = new Set<string>([START]);
  const queue = [START];
  while (queue.length > 0) {
    const from = queue.shift()!;
    if (!FOLLOWED.some((f) => from.startsWith(f))) continue;
    let text: string;
    try {
      text = await Deno.readTextFile(join(root, from));
    } catch {
      continue;
    }
    const targets = relativeImports(text).map((spec) =>
      normalize(join(dirname(from), spec.split("?")[0]))
    );
    if (INJECTED[from]) targets.push(INJECTED[from]);
    for (const to of targets) {
      if (to in OFF_PATH) offPath.add(to);
      if (seen.has(to) || to in OFF_PATH || isTestModule(to) || !/\.tsx?$/.test(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return [...seen];
}

if (import.meta.main) {
  const root = Deno.args[0] ?? fileURLToPath(new URL("../", import.meta.url));
  const offPath = new Set<string>();
  const files = await followBacktest(root, offPath);
  const folders = new Set(files.map((f) => dirname(f)));
  for (const f of files) console.log(`  ${f}`);
  for (const f of offPath) console.log(`  (off the path: ${f}, ${OFF_PATH[f]})`);
  const corridors = files.filter((f) => FOLLOWED.some((c) => f.startsWith(c))).length;
  console.log(
    `${files.length} files in ${folders.size} folders from ${START} to DONE ` +
      `(${corridors} corridors + ${files.length - corridors} rooms)`,
  );
}
