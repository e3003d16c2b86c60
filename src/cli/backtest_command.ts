/**
 * @module
 * `hewston backtest`: run one backtest in a Web Worker, print its metrics and artifact folder.
 */
import { parseArgs } from "node:util";
import { NotFoundError, ValidationError } from "../domain/errors.ts";
import type { DatasetRecord } from "../domain/ports.ts";
import { SYNTHETIC_SYMBOLS } from "../market/build_dataset.ts";
import { type ExecutedRun, prepareRun } from "../services/backtest_runs.ts";
import { SqliteCatalog } from "../store/catalog_sqlite.ts";
import { ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { SqliteRuns } from "../store/runs_sqlite.ts";
import { runJob } from "../../jobs/run_job.ts";
import type { BacktestJobRequest } from "../../jobs/backtest_worker.ts";
import { buildDataset } from "./data_command.ts";
import { progressView } from "./progress.ts";
import { metricsTable } from "./format_metrics.ts";

/** Usage text of `hewston backtest`. */
export const BACKTEST_USAGE =
  `hewston backtest (--dataset ID | --symbol S --from D --to D) --strategy ID [options]

  --param K=V            strategy parameter (repeatable), e.g. --param fast=20 --param slow=50
  --seed N               root seed (default 42)
  --initial-cash X       starting cash (default 100000)
  --risk MODEL           fixed_fraction (default) | volatility_target | kelly_fraction
  --risk-param K=V       risk parameter (repeatable), e.g. --risk-param fraction=0.5
  --fill open|close|vwap fill price of the next bar (default open)
  --fees-bps X           fees in basis points of traded notional
  --k-spread K           slippage = K × the bar's TBBO spread_mean
  --slippage-pct P       slippage = P % of the fill price
  --participation C      slippage = price × C × qty / bar volume (zero-volume bars skip)
  --borrow-bps X         annual borrow cost on short notional
  --allow-short          take short positions on -1 signals
  --no-auto-flatten      keep the position open at the last bar
  --json                 print the result as JSON
  --data-dir DIR         data directory`;

/** Runs `hewston backtest`. */
export async function backtestCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      dataset: { type: "string" },
      symbol: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      strategy: { type: "string" },
      param: { type: "string", multiple: true },
      seed: { type: "string" },
      "initial-cash": { type: "string" },
      risk: { type: "string" },
      "risk-param": { type: "string", multiple: true },
      fill: { type: "string" },
      "fees-bps": { type: "string" },
      "k-spread": { type: "string" },
      "slippage-pct": { type: "string" },
      participation: { type: "string" },
      "borrow-bps": { type: "string" },
      "allow-short": { type: "boolean" },
      "no-auto-flatten": { type: "boolean" },
      json: { type: "boolean" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(BACKTEST_USAGE);
    return 0;
  }
  if (!values.strategy) throw new ValidationError("--strategy is required (e.g. sma_crossover)");
  const dir = resolveDataDir(values["data-dir"]);
  await ensureDataDir(dir);
  const catalog = new SqliteCatalog(dir.catalog);
  const runs = new SqliteRuns(catalog.db);
  try {
    const dataset = await resolveDataset(catalog, dir, values);
    const slippages = [
      values["k-spread"] !== undefined
        ? { model: "k_spread", k: num("--k-spread", values["k-spread"]) }
        : null,
      values["slippage-pct"] !== undefined
        ? { model: "spread_pct", pct: num("--slippage-pct", values["slippage-pct"]) }
        : null,
      values.participation !== undefined
        ? { model: "participation_rate", coefficient: num("--participation", values.participation) }
        : null,
    ].filter((s) => s !== null);
    if (slippages.length > 1) {
      throw new ValidationError(
        "choose one slippage model: --k-spread, --slippage-pct or --participation",
      );
    }
    const request = {
      dataset_id: dataset.datasetId,
      strategy_id: values.strategy,
      params: keyValues("--param", values.param ?? []),
      seed: values.seed === undefined ? 42 : num("--seed", values.seed),
      initial_cash: values["initial-cash"] === undefined
        ? 100_000
        : num("--initial-cash", values["initial-cash"]),
      risk: values.risk || values["risk-param"]
        ? {
          model: values.risk ?? "fixed_fraction",
          ...keyValues("--risk-param", values["risk-param"] ?? []),
        }
        : undefined,
      execution: {
        fill_price: values.fill ?? "open",
        fees_bps: values["fees-bps"] === undefined ? 0 : num("--fees-bps", values["fees-bps"]),
        slippage: slippages[0] ?? { model: "none" },
        borrow_bps: values["borrow-bps"] === undefined
          ? 0
          : num("--borrow-bps", values["borrow-bps"]),
        auto_flatten: !values["no-auto-flatten"],
        allow_short: values["allow-short"] ?? false,
      },
    };
    const prepared = await prepareRun({ dir, catalog, runs }, request);
    let result: {
      run: { runId: string; status: string };
      metrics: Record<string, unknown>;
      folder: string;
    };
    if (!prepared.created && prepared.run.status === "DONE") {
      const metrics = JSON.parse(
        await Deno.readTextFile(`${dir.root}/${prepared.run.metricsPath}`),
      );
      result = { run: prepared.run, metrics, folder: `${dir.backtests}/${prepared.run.runId}` };
    } else {
      const view = progressView({ quiet: values.json });
      try {
        result = await runJob<BacktestJobRequest, ExecutedRun>(
          new URL("../../jobs/backtest_worker.ts", import.meta.url),
          { dir, runId: prepared.run.runId },
          { onProgress: (p) => view.update(p) },
        );
      } finally {
        view.done();
      }
    }
    const existed = !prepared.created;
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            run_id: result.run.runId,
            status: result.run.status,
            existed,
            metrics: result.metrics,
            folder: result.folder,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(
        `run      ${result.run.runId}  (${result.run.status}${
          existed ? ", identical run already in the catalog" : ""
        })`,
      );
      console.log(`dataset  ${dataset.datasetId}`);
      console.log(metricsTable(result.metrics));
      console.log(`artifacts ${result.folder}`);
    }
    return 0;
  } finally {
    catalog.close();
  }
}

async function resolveDataset(
  catalog: SqliteCatalog,
  dir: ReturnType<typeof resolveDataDir>,
  v: { dataset?: string; symbol?: string; from?: string; to?: string },
): Promise<DatasetRecord> {
  if (v.dataset) {
    const d = catalog.getDataset(v.dataset);
    if (!d || d.status !== "READY") {
      throw new NotFoundError(
        "DATASET_NOT_FOUND",
        `dataset ${v.dataset} not found (list them: hewston data --help)`,
      );
    }
    return d;
  }
  if (!v.symbol || !v.from || !v.to) {
    throw new ValidationError("give --dataset ID, or --symbol, --from and --to");
  }
  const symbol = v.symbol.toUpperCase();
  const found = catalog.listDatasets({ symbol, status: "READY" })
    .find((d) => d.fromDate === v.from && d.toDate === v.to && d.session === "regular");
  if (found) return found;
  if (SYNTHETIC_SYMBOLS.includes(symbol)) {
    const built = await buildDataset(dir, {
      symbol,
      from: v.from,
      to: v.to,
      source: { kind: "synthetic", seed: 42 },
    }, { quiet: true });
    return built.dataset;
  }
  throw new NotFoundError(
    "DATASET_NOT_FOUND",
    `no READY ${symbol} dataset for ${v.from}..${v.to}: build it first with hewston data --symbol ${symbol} --from ${v.from} --to ${v.to} --dbn FILES (or --databento / --csv)`,
  );
}

function num(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n)) {
    throw new ValidationError(`${flag} must be a number, got "${text}"`);
  }
  return n;
}

/** Parses K=V pairs; values become numbers or booleans when they look like them. */
function keyValues(flag: string, pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new ValidationError(`${flag} takes KEY=VALUE, got "${p}"`);
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    out[k] = v === "true"
      ? true
      : v === "false"
      ? false
      : v.trim() !== "" && Number.isFinite(Number(v))
      ? Number(v)
      : v;
  }
  return out;
}
