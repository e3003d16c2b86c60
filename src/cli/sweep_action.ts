/**
 * @module
 * `hewston sweep` action: submits the grid to the sweep service (the same path as `POST
 * /sweeps`, so the CLI and the browser see the same sweeps), waits for it on all cores, and
 * prints the best member, the Probability of Backtest Overfitting, and the artifact folder.
 */
import type { SweepOptions } from "./sweep_command.ts";
import { sweepResultOf } from "../services/views/sweeps.ts";
import { loadConfig } from "../config.ts";
import { openRunService } from "./_run_service.ts";
import { queueUrl } from "./queue_option.ts";
import { progressView } from "./progress.ts";
import { backtestBodyFromOptions } from "./run_flags.ts";

/** Runs `hewston sweep` with parsed options. */
export async function sweepAction(o: SweepOptions): Promise<number> {
  const t0 = performance.now();
  // The base run is the body `hewston backtest` would submit.
  const body = {
    run: backtestBodyFromOptions(o.run),
    grid: o.grid,
    ...(o.metric !== undefined ? { metric: o.metric } : {}),
    blocks: o.blocks,
  };
  const cli = await openRunService(o.dataDir, { workers: o.workers });
  // With --queue, chunks go to the queue's workers; the dataset is still resolved here.
  const url = await queueUrl(o.queue, loadConfig({ dataDir: o.dataDir }).queue);
  const queue = url
    ? await (await import("../../jobs/bullmq/queue_runner.ts")).QueueTaskRunner.open(url, {
      parallelism: o.workers,
    })
    : null;
  const sweeps = cli.sweeps(queue ?? cli.runner);
  let sweepId: string | undefined;
  // With a queue, Ctrl-C (or SIGTERM) cancels the chunks on the workers before exiting; a
  // second one exits at once. (Local workers die with this process.)
  let stopping = false;
  const stop = () => {
    if (stopping) Deno.exit(130);
    stopping = true;
    if (sweepId) sweeps.cancel(sweepId).catch(() => {});
  };
  if (queue) {
    Deno.addSignalListener("SIGINT", stop);
    Deno.addSignalListener("SIGTERM", stop);
  }
  try {
    const view = progressView({ quiet: o.json });
    let sweep;
    let existed;
    try {
      const res = await sweeps.submit(body, { onDatasetProgress: (p) => view.update(p) });
      sweepId = res.sweepId;
      existed = res.status === "EXISTS";
      // Progress counts chunks done, whichever workers (local or queued) ran them.
      const unsubscribe = cli.service.subscribe(res.sweepId, (e) => {
        if (e.stage !== "sweep") return;
        const d = e.data as Record<string, number>;
        view.update({
          stage: "sweep",
          done: d.chunks_done,
          total: d.chunks,
          message: `chunks (${d.done}/${d.total} members)`,
        });
      });
      if (stopping) await sweeps.cancel(res.sweepId).catch(() => {});
      try {
        sweep = await sweeps.finished(res.sweepId);
      } finally {
        unsubscribe();
      }
    } finally {
      view.done();
    }
    if (sweep.status !== "DONE") {
      const { HewstonError } = await import("../domain/errors.ts");
      throw new HewstonError(
        sweep.status === "CANCELLED" ? "CANCELLED" : "SWEEP_FAILED",
        `sweep ${sweep.sweepId} ${sweep.status}${sweep.error ? `: ${sweep.error}` : ""}`,
      );
    }
    const elapsedMs = performance.now() - t0;
    const result = await sweepResultOf(cli.dir, sweep, existed, elapsedMs);
    if (o.json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const f = (x: number | null) => (x === null ? "—" : x.toFixed(3));
    console.log(
      `sweep    ${result.sweep_id}  (${
        existed ? "identical sweep already in the catalog" : "DONE"
      })`,
    );
    console.log(`dataset  ${sweep.datasetId}`);
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
    if (sweep.dsr) {
      console.log(
        `DSR      ${f(sweep.dsr.probability)}  (best member over ${sweep.dsr.trials} trials)`,
      );
    }
    console.log(`time     ${(elapsedMs / 1000).toFixed(2)} s`);
    console.log(`artifacts ${result.folder}`);
    return 0;
  } finally {
    if (queue) {
      Deno.removeSignalListener("SIGINT", stop);
      Deno.removeSignalListener("SIGTERM", stop);
      await queue.dispose();
    }
    cli.close();
  }
}
