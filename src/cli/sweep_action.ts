/**
 * @module
 * `hewston sweep` action: run every combination of a parameter grid on all cores, print the best
 * members, the Probability of Backtest Overfitting, and the artifact folder.
 */
import type { SweepOptions } from "./sweep_command.ts";
import { normalizeBacktestBody } from "../services/runs/run_request.ts";
import { runSweep } from "../services/sweeps.ts";
import { sweepView } from "../services/views/sweeps.ts";
import { loadConfig } from "../config.ts";
import { openRunService } from "./_run_service.ts";
import { queueUrl } from "./queue_option.ts";
import { progressView } from "./progress.ts";
import { backtestBodyFromOptions } from "./run_flags.ts";

/** Runs `hewston sweep` with parsed options. */
export async function sweepAction(o: SweepOptions): Promise<number> {
  // The base run is the body `hewston backtest` would submit, resolved the same way.
  const base = normalizeBacktestBody(backtestBodyFromOptions(o.run));
  const { dir, catalog, service, runner, close } = await openRunService(o.dataDir, {
    workers: o.workers,
  });
  // With --queue, chunks go to the queue's workers; the dataset is still resolved here.
  const url = await queueUrl(o.queue, loadConfig({ dataDir: o.dataDir }).queue);
  const queue = url
    ? await (await import("../../jobs/bullmq/queue_runner.ts")).QueueTaskRunner.open(url, {
      parallelism: o.workers,
    })
    : null;
  // With a queue, Ctrl-C (or SIGTERM) cancels the chunks on the workers before exiting; a
  // second one exits at once. (Local workers die with this process.)
  const cancel = new AbortController();
  const stop = () => {
    if (cancel.signal.aborted) Deno.exit(130);
    cancel.abort();
  };
  if (queue) {
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  }
  try {
    const view = progressView({ quiet: o.json });
    let result;
    let dataset;
    try {
      dataset = await service.datasets.resolve(base.dataset, { onProgress: (p) => view.update(p) });
      result = await runSweep(
        { dir, catalog, pool: queue ?? runner },
        {
          run: { ...base.request, dataset_id: dataset.datasetId },
          grid: o.grid,
          metric: o.metric as never,
          blocks: o.blocks,
        },
        (p) => view.update(p),
        cancel.signal,
      );
    } finally {
      view.done();
    }
    if (o.json) {
      console.log(JSON.stringify(sweepView(result), null, 2));
      return 0;
    }
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
    console.log(
      `sweep    ${result.sweepId}  (${
        result.existed ? "identical sweep already in the catalog" : "DONE"
      })`,
    );
    console.log(`dataset  ${dataset.datasetId}`);
    console.log(`members  ${result.members} run, ${result.skipped} skipped as invalid`);
    console.log(
      `best     ${JSON.stringify(result.best?.params ?? null)}  sharpe ${
        f(result.best?.sharpe ?? null)
      }`,
    );
    console.log(
      `PBO      ${
        f(result.pbo)
      }  (probability that the in-sample best is below the out-of-sample median)`,
    );
    console.log(`time     ${(result.elapsedMs / 1000).toFixed(2)} s`);
    console.log(`artifacts ${result.folder}`);
    return 0;
  } finally {
    if (queue) {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      await queue.dispose();
    }
    close();
  }
}
