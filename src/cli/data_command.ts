/**
 * @module
 * `hewston data`: build (or find) a dataset — ingest + derive in a Web Worker, with progress
 * and a summary.
 */
import { parseArgs } from "node:util";
import { ValidationError } from "../domain/errors.ts";
import type { DatasetBuildResult, DatasetSource, DatasetSpec } from "../domain/ports.ts";
import { DEFAULT_DATABENTO_DATASET, DEMO_SPEC } from "../market/build_dataset.ts";
import { classifyDbnInputs } from "../market/dbn_inputs.ts";
import { type DataDir, ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { runJob } from "../../jobs/run_job.ts";
import type { EngineTask } from "../../jobs/engine_worker.ts";
import { formatBytes, progressView } from "./progress.ts";

/** Usage text of `hewston data`. */
export const DATA_USAGE =
  `hewston data --symbol S --from YYYY-MM-DD --to YYYY-MM-DD SOURCE [options]
hewston data --demo

Sources (one):
  --dbn PATH...          local DBN files or folders (TRADES and TBBO, .dbn or .dbn.zst)
  --databento [DATASET]  Databento historical API (needs DATABENTO_API_KEY; default ${DEFAULT_DATABENTO_DATASET})
  --synthetic            seeded synthetic TRADES+TBBO (symbols DEMO and TEST only)
  --csv FILE             OHLCV candles from CSV (columns in the README)
  --parquet FILE         OHLCV candles from Parquet (same columns)

Options:
  --seed N               synthetic seed (default 42)
  --extended             extended hours (04:00-20:00 ET) instead of the regular session
  --force                rebuild even when an identical READY dataset exists
  --json                 print the summary as JSON
  --data-dir DIR         data directory (default $HEWSTON_DATA_DIR or ./data)`;

/** Runs `hewston data` with its arguments; returns the exit code. */
export async function dataCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      symbol: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      dbn: { type: "string", multiple: true },
      databento: { type: "boolean" },
      synthetic: { type: "boolean" },
      csv: { type: "string" },
      parquet: { type: "string" },
      seed: { type: "string" },
      extended: { type: "boolean" },
      force: { type: "boolean" },
      demo: { type: "boolean" },
      json: { type: "boolean" },
      "data-dir": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(DATA_USAGE);
    return 0;
  }
  const dir = resolveDataDir(values["data-dir"]);
  let spec: DatasetSpec;
  if (values.demo) {
    spec = DEMO_SPEC;
  } else {
    const sources = [
      values.dbn ? "dbn" : "",
      values.databento ? "databento" : "",
      values.synthetic ? "synthetic" : "",
      values.csv ? "csv" : "",
      values.parquet ? "parquet" : "",
    ].filter(Boolean);
    if (sources.length !== 1) {
      throw new ValidationError(
        "choose exactly one source: --dbn, --databento, --synthetic, --csv or --parquet (see hewston data --help)",
      );
    }
    if (!values.symbol || !values.from || !values.to) {
      throw new ValidationError("--symbol, --from and --to are required (see hewston data --help)");
    }
    let source: DatasetSource;
    if (values.dbn) {
      source = { kind: "dbn", ...await classifyDbnInputs([...values.dbn, ...positionals]) };
    } else if (values.databento) {
      source = { kind: "databento", dataset: positionals[0] ?? DEFAULT_DATABENTO_DATASET };
    } else if (values.synthetic) {
      const seed = values.seed === undefined ? 42 : Number(values.seed);
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new ValidationError(`--seed must be a non-negative integer, got ${values.seed}`);
      }
      source = { kind: "synthetic", seed };
    } else if (values.csv) {
      source = { kind: "csv", path: values.csv };
    } else {
      source = { kind: "parquet", path: values.parquet! };
    }
    if (!values.dbn && !values.databento && positionals.length > 0) {
      throw new ValidationError(`unexpected argument: ${positionals[0]}`);
    }
    spec = {
      symbol: values.symbol,
      from: values.from,
      to: values.to,
      source,
      extendedHours: values.extended ?? false,
    };
  }
  const result = await buildDataset(dir, spec, { force: values.force, quiet: values.json });
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else console.log(summary(result, dir));
  return 0;
}

/** Builds a dataset in a worker, showing progress on stderr. */
export async function buildDataset(
  dir: DataDir,
  spec: DatasetSpec,
  opts: { force?: boolean; quiet?: boolean } = {},
): Promise<DatasetBuildResult> {
  await ensureDataDir(dir);
  const view = progressView({ quiet: opts.quiet });
  try {
    return await runJob<EngineTask, DatasetBuildResult>(
      new URL("../../jobs/engine_worker.ts", import.meta.url),
      { kind: "dataset", dir, spec, force: opts.force },
      { onProgress: (p) => view.update(p) },
    );
  } finally {
    view.done();
  }
}

function summary(r: DatasetBuildResult, dir: DataDir): string {
  const d = r.dataset;
  const n = (x: number) => x.toLocaleString("en-US");
  const lines = [
    `dataset  ${d.datasetId}  (${d.status}${r.reused ? ", already built" : ""})`,
    `symbol   ${d.symbol}  ${d.fromDate} → ${d.toDate}  ${d.session} session, ${d.tz}`,
  ];
  if (!r.reused) {
    lines.push(
      `records  ${n(r.records.trades)} trades · ${n(r.records.quotes)} TBBO quotes · ${
        n(r.records.tradesOutsideSession)
      } trades outside the session`,
    );
  }
  lines.push(
    `bars     ${n(r.bars)} one-minute bars`,
    `sizes    raw ${formatBytes(r.rawBytes)} · bars.parquet ${formatBytes(r.parquetBytes)}`,
    `time     ${(r.elapsedMs / 1000).toFixed(2)} s`,
    `path     ${dir.root}/${d.barsParquet[0]}`,
  );
  return lines.join("\n");
}
