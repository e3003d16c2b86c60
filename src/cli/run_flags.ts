/**
 * @module
 * The run options shared by `hewston backtest` and `hewston sweep` turned into a run
 * request (the body the API accepts), and the dataset they name resolved (a DEMO/TEST range is built from the synthetic source on demand).
 */
import { NotFoundError } from "../domain/errors.ts";
import type { DatasetRecord } from "../domain/ports.ts";
import { SYNTHETIC_SYMBOLS } from "../market/build_dataset.ts";
import type { SqliteCatalog } from "../store/catalog_sqlite.ts";
import type { DataDir } from "../store/data_dir.ts";
import { buildDataset } from "./data_action.ts";
import type { RunOptions } from "./run_options.ts";

/** Builds the run request (for `parseRunConfig`) the options describe. */
export function runRequestFromOptions(o: RunOptions, datasetId: string): Record<string, unknown> {
  return {
    dataset_id: datasetId,
    strategy_id: o.strategy,
    validation: o.validation ?? {},
    params: o.params,
    seed: o.seed ?? 42,
    initial_cash: o.initialCash ?? 100_000,
    risk: o.risk ? { model: o.risk.model ?? "fixed_fraction", ...o.risk.params } : undefined,
    execution: {
      fill_price: o.fill ?? "open",
      fees_bps: o.feesBps ?? 0,
      slippage: o.slippage ?? { model: "none" },
      borrow_bps: o.borrowBps ?? 0,
      auto_flatten: o.autoFlatten,
      allow_short: o.allowShort,
    },
  };
}

/**
 * The READY dataset the flags name: `--dataset ID`, or a regular-session dataset with
 * exactly `--symbol/--from/--to` (built from the synthetic source for DEMO and TEST).
 * @throws {NotFoundError} DATASET_NOT_FOUND with how to build one
 */
export async function resolveFlagDataset(
  catalog: SqliteCatalog,
  dir: DataDir,
  v: RunOptions["dataset"],
): Promise<DatasetRecord> {
  if ("id" in v) {
    const d = catalog.getDataset(v.id);
    if (!d || d.status !== "READY") {
      throw new NotFoundError(
        "DATASET_NOT_FOUND",
        `dataset ${v.id} not found (list them: GET /datasets; build one: hewston data --help)`,
      );
    }
    return d;
  }
  const symbol = v.symbol.toUpperCase();
  const found = catalog.findReadyDataset(symbol, v.from, v.to);
  if (found) return found;
  if (SYNTHETIC_SYMBOLS.includes(symbol)) {
    const spec = {
      symbol,
      from: v.from,
      to: v.to,
      source: { kind: "synthetic" as const, seed: 42 },
    };
    return (await buildDataset(dir, spec, { quiet: true })).dataset;
  }
  throw new NotFoundError(
    "DATASET_NOT_FOUND",
    `no READY ${symbol} dataset for ${v.from}..${v.to}: build it first with hewston data --symbol ${symbol} --from ${v.from} --to ${v.to} --dbn FILES (or --databento / --csv)`,
  );
}
