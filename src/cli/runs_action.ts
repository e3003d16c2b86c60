/**
 * @module
 * The actions of `hewston runs` (list), `hewston runs show ID`, and `hewston verify RUN_ID`.
 */
import { NotFoundError } from "../domain/errors.ts";
import type { RunIdOptions, RunsListOptions } from "./runs_command.ts";
import { verifyRun } from "../services/runs/verify_run.ts";
import { loadConfig } from "../config.ts";
import { resolveDataDir } from "../store/data_dir.ts";
import { openStore } from "../store/open_store.ts";
import { metricsTable } from "./format_metrics.ts";
import { runDetailOf, verifyView } from "../services/views/runs.ts";
import type { RunList } from "../domain/wire/runs.ts";

/** The URL prefix of a run in the documents the CLI prints (as the API serves them). */
const RUNS_PREFIX = "/backtests";

async function open(dataDir?: string) {
  const dir = resolveDataDir(loadConfig({ dataDir }).dataDir);
  return { dir, store: await openStore(dir) };
}

/** Runs `hewston runs show RUN_ID`. */
export async function runsShowAction(o: RunIdOptions): Promise<number> {
  const { dir, store } = await open(o.dataDir);
  const runs = store.runs;
  try {
    const id = o.runId;
    const run = runs.getRun(id);
    if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${id} not found`);
    const metrics = runs.getRunMetrics(id);
    if (o.json) {
      const detail = await runDetailOf(
        { dir, catalog: store.catalog, runs },
        run,
        RUNS_PREFIX,
      );
      console.log(JSON.stringify(detail, null, 2));
    } else {
      console.log(`run      ${run.runId}  ${run.status}${run.error ? `: ${run.error}` : ""}`);
      console.log(`dataset  ${run.datasetId}`);
      console.log(`strategy ${run.strategyId} ${JSON.stringify(run.params)}  seed ${run.seed}`);
      console.log(`created  ${run.createdAt}  duration ${run.durationMs ?? "—"} ms`);
      if (metrics) console.log(metricsTable(metrics));
      console.log(`manifest ${run.manifestHash ?? "—"} (prev ${run.chainPrev ?? "none"})`);
    }
    return 0;
  } finally {
    store.close();
  }
}

/** Runs `hewston runs` (the list). */
export async function runsListAction(o: RunsListOptions): Promise<number> {
  const { store } = await open(o.dataDir);
  const runs = store.runs;
  try {
    const { limit, offset } = o;
    const query = {
      symbol: o.symbol,
      strategyId: o.strategy,
      status: o.status,
      limit,
      offset,
      order: o.order,
    };
    if (o.json) {
      // The very document GET /backtests answers, built by the same SQL.
      const { itemsJson, total } = runs.listRunSummariesJson(query, RUNS_PREFIX);
      const doc: RunList = { items: JSON.parse(itemsJson), total, limit, offset };
      console.log(JSON.stringify(doc, null, 2));
      return 0;
    }
    const page = runs.listRuns(query);
    console.log(
      `${"run_id".padEnd(18)}${"status".padEnd(10)}${"symbol".padEnd(8)}${"strategy".padEnd(16)}${
        "sharpe".padStart(8)
      }  created`,
    );
    for (const r of page.items) {
      const m = runs.getRunMetrics(r.runId);
      const sharpe = m?.sharpe == null ? "—" : m.sharpe.toFixed(2);
      console.log(
        `${r.runId.padEnd(18)}${r.status.padEnd(10)}${r.symbol.padEnd(8)}${
          r.strategyId.padEnd(16)
        }${sharpe.padStart(8)}  ${r.createdAt}`,
      );
    }
    console.log(`${page.items.length} of ${page.total} runs`);
    return 0;
  } finally {
    store.close();
  }
}

/** Runs `hewston verify RUN_ID`: exit 0 when every artifact hash matches, 1 otherwise. */
export async function verifyAction(o: RunIdOptions): Promise<number> {
  const { dir, store } = await open(o.dataDir);
  try {
    const report = await verifyRun({ dir, catalog: store.catalog, runs: store.runs }, o.runId);
    if (o.json) console.log(JSON.stringify(verifyView(report), null, 2));
    else {
      for (const f of report.files) {
        const why = f.match
          ? ""
          : f.stored !== f.expected
          ? `  stored file ${f.stored?.slice(0, 16) ?? "missing"}`
          : `  re-run ${f.actual?.slice(0, 16) ?? "missing"}`;
        console.log(
          `${f.match ? "ok      " : "MISMATCH"} ${f.name}  ${f.expected.slice(0, 16)}${why}`,
        );
      }
      console.log(
        report.ok
          ? `run ${report.runId}: all ${report.files.length} artifacts reproduce`
          : `run ${report.runId}: artifacts differ`,
      );
    }
    return report.ok ? 0 : 1;
  } finally {
    store.close();
  }
}
