/**
 * @module
 * `hewston runs` (list), `hewston runs show ID`, and `hewston verify RUN_ID`.
 */
import { parseArgs } from "node:util";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type { RunStatus } from "../domain/ports.ts";
import { verifyRun } from "../services/backtest_runs.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";
import { metricsTable } from "./format_metrics.ts";

/** Usage text of `hewston runs`. */
export const RUNS_USAGE =
  `hewston runs [--symbol S] [--strategy ID] [--status S] [--limit N] [--offset N]
             [--order [-]COLUMN] [--json]
hewston runs show RUN_ID [--json]
hewston verify RUN_ID [--json]`;

const STATUSES = new Set(["QUEUED", "RUNNING", "DONE", "ERROR", "CANCELLED"]);

function open(dataDir?: string) {
  const dir = resolveDataDir(dataDir);
  return { dir, catalog: new SqliteCatalog(dir.catalog) };
}

/** Runs `hewston runs`. */
export async function runsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      symbol: { type: "string" },
      strategy: { type: "string" },
      status: { type: "string" },
      limit: { type: "string", default: "50" },
      offset: { type: "string", default: "0" },
      order: { type: "string", default: "-created_at" },
      json: { type: "boolean" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(RUNS_USAGE);
    return 0;
  }
  await ensureDataDir(resolveDataDir(values["data-dir"]));
  const { catalog } = open(values["data-dir"]);
  const runs = new SqliteRuns(catalog.db);
  try {
    if (positionals[0] === "show") {
      const id = positionals[1];
      if (!id) throw new ValidationError("hewston runs show needs a RUN_ID");
      const run = runs.getRun(id);
      if (!run) throw new NotFoundError("RUN_NOT_FOUND", `run ${id} not found`);
      const metrics = runs.getRunMetrics(id);
      if (values.json) console.log(JSON.stringify({ ...run, metrics }, null, 2));
      else {
        console.log(`run      ${run.runId}  ${run.status}${run.error ? `: ${run.error}` : ""}`);
        console.log(`dataset  ${run.datasetId}`);
        console.log(`strategy ${run.strategyId} ${JSON.stringify(run.params)}  seed ${run.seed}`);
        console.log(`created  ${run.createdAt}  duration ${run.durationMs ?? "—"} ms`);
        if (metrics) console.log(metricsTable(metrics));
        console.log(`manifest ${run.manifestHash ?? "—"} (prev ${run.chainPrev ?? "none"})`);
      }
      return 0;
    }
    if (positionals.length > 0) throw new ValidationError(`unexpected argument: ${positionals[0]}`);
    if (values.status && !STATUSES.has(values.status)) {
      throw new ValidationError(`--status must be one of ${[...STATUSES].join(", ")}`);
    }
    const limit = Number(values.limit);
    const offset = Number(values.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new ValidationError("--limit must be 1-1000");
    }
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError("--offset must be ≥ 0");
    const page = runs.listRuns({
      symbol: values.symbol,
      strategyId: values.strategy,
      status: values.status as RunStatus | undefined,
      limit,
      offset,
      order: values.order,
    });
    if (values.json) {
      console.log(JSON.stringify({ ...page, limit, offset }, null, 2));
      return 0;
    }
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
    catalog.close();
  }
}

/** Runs `hewston verify RUN_ID`: exit 0 when every artifact hash matches, 1 otherwise. */
export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    if (!values.help) throw new ValidationError("usage: hewston verify RUN_ID");
    console.log(RUNS_USAGE);
    return 0;
  }
  const { dir, catalog } = open(values["data-dir"]);
  try {
    const report = await verifyRun(
      { dir, catalog, runs: new SqliteRuns(catalog.db) },
      positionals[0],
    );
    if (values.json) console.log(JSON.stringify(report, null, 2));
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
    catalog.close();
  }
}
