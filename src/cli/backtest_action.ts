/**
 * @module
 * `hewston backtest` action: options → the POST /backtests body → the run service (the
 * API's own path: dataset resolution, events, retention) → wait for the run to finish →
 * print its metrics and artifact folder.
 */
import type { z } from "zod";
import { HewstonError } from "../domain/errors.ts";
import type { backtestResult } from "../domain/wire/runs.ts";
import { safeJoin } from "../store/data_dir.ts";
import type { BacktestOptions } from "./backtest_command.ts";
import { openRunService } from "./_run_service.ts";
import { metricsTable } from "./format_metrics.ts";
import { progressView } from "./progress.ts";
import { backtestBodyFromOptions } from "./run_flags.ts";

/** Runs `hewston backtest` with parsed options. */
export async function backtestAction(o: BacktestOptions): Promise<number> {
  const body = backtestBodyFromOptions(o.run);
  const { dir, service, close } = await openRunService(o.dataDir);
  try {
    const view = progressView({ quiet: o.json });
    let run;
    let existed;
    try {
      const submitted = await service.submit(body, { onDatasetProgress: (p) => view.update(p) });
      existed = submitted.status === "EXISTS";
      const stop = service.subscribe(submitted.runId, (e) => {
        if (e.kind === "stage" || e.kind === "progress") {
          view.update({
            stage: e.stage,
            done: Number(e.data.done ?? 0),
            total: Number(e.data.total ?? 0),
          });
        }
      });
      try {
        run = await service.finished(submitted.runId);
      } finally {
        stop();
      }
    } finally {
      view.done();
    }
    if (run.status !== "DONE") {
      throw new HewstonError(
        run.status === "CANCELLED" ? "CANCELLED" : "RUN_FAILED",
        `run ${run.runId} is ${run.status}${run.error ? `: ${run.error}` : ""}`,
      );
    }
    const folder = safeJoin(dir.backtests, run.runId);
    const metrics = JSON.parse(await Deno.readTextFile(safeJoin(dir.root, run.metricsPath!)));
    if (o.json) {
      console.log(
        JSON.stringify(
          { run_id: run.runId, status: run.status, existed, metrics, folder } satisfies z.output<
            typeof backtestResult
          >,
          null,
          2,
        ),
      );
    } else {
      console.log(
        `run      ${run.runId}  (${run.status}${
          existed ? ", identical run already in the catalog" : ""
        })`,
      );
      console.log(`dataset  ${run.datasetId}`);
      console.log(metricsTable(metrics));
      console.log(`artifacts ${folder}`);
    }
    return 0;
  } finally {
    close();
  }
}
