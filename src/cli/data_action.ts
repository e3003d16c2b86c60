/**
 * @module
 * `hewston data` action: build (or find) a dataset — ingest + derive in a Web Worker, with progress
 * and a summary.
 */
import type { DatasetBuildResult, DatasetSource, DatasetSpec } from "../domain/ports.ts";
import type { DataOptions, DataSourceOption } from "./data_command.ts";
import { DEFAULT_DATABENTO_DATASET, DEMO_SPEC } from "../market/build_dataset.ts";
import { classifyDbnInputs } from "../market/dbn_inputs.ts";
import { type DataDir, ensureDataDir, resolveDataDir } from "../store/data_dir.ts";
import { runJob } from "../../jobs/run_job.ts";
import type { EngineTask } from "../services/tasks.ts";
import { formatBytes, progressView } from "./progress.ts";

/** Runs `hewston data` with parsed options; returns the exit code. */
export async function dataAction(o: DataOptions): Promise<number> {
  const dir = resolveDataDir(o.dataDir);
  const spec = o.build === "demo" ? DEMO_SPEC : {
    symbol: o.build.symbol,
    from: o.build.from,
    to: o.build.to,
    source: await datasetSource(o.build.source),
    extendedHours: o.build.extended,
  };
  const result = await buildDataset(dir, spec, { force: o.force, quiet: o.json });
  if (o.json) console.log(JSON.stringify(result, null, 2));
  else console.log(summary(result, dir));
  return 0;
}

async function datasetSource(s: DataSourceOption): Promise<DatasetSource> {
  switch (s.kind) {
    case "dbn":
      return { kind: "dbn", ...await classifyDbnInputs(s.paths) };
    case "databento":
      return { kind: "databento", dataset: s.dataset ?? DEFAULT_DATABENTO_DATASET };
    default:
      return s;
  }
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
