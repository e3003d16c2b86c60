/**
 * @module
 * `hewston data` action: build (or find) a dataset through the dataset service the API uses —
 * ingest + derive in a Web Worker, events under the build's job id — with progress and a
 * summary.
 */
import type { DatasetBuildResult, DatasetSource } from "../domain/ports.ts";
import type { DataOptions, DataSourceOption } from "./data_command.ts";
import { DEFAULT_DATABENTO_DATASET } from "../domain/defaults.ts";
import { DEMO_SPEC } from "../market/build_dataset.ts";
import { classifyDbnInputs } from "../market/dbn_inputs.ts";
import type { DataDir } from "../store/data_dir.ts";
import { datasetBuildView } from "../services/views/datasets.ts";
import { openRunService } from "./_run_service.ts";
import { formatBytes, progressView } from "./progress.ts";

/** Runs `hewston data` with parsed options; returns the exit code. */
export async function dataAction(o: DataOptions): Promise<number> {
  const spec = o.build === "demo" ? DEMO_SPEC : {
    symbol: o.build.symbol,
    from: o.build.from,
    to: o.build.to,
    source: await datasetSource(o.build.source),
    extendedHours: o.build.extended,
  };
  const { dir, service, close } = await openRunService(o.dataDir);
  try {
    const view = progressView({ quiet: o.json });
    let result: DatasetBuildResult;
    try {
      ({ result } = await service.datasets.build(spec, {
        force: o.force,
        onProgress: (p) => view.update(p),
      }));
    } finally {
      view.done();
    }
    if (o.json) console.log(JSON.stringify(datasetBuildView(result), null, 2));
    else console.log(summary(result, dir));
    return 0;
  } finally {
    close();
  }
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
