/**
 * @module
 * Test support for the route specs: the real app over a real catalog in a temp data dir
 * and a real worker pool, so datasets are really built and runs really run.
 */
import type { Hono } from "hono";
import type { DatasetRecord, RunRecord } from "../../domain/ports.ts";
import { type DataDir, resolveDataDir } from "../../store/data_dir.ts";
import { WorkerPool } from "../../../jobs/pool.ts";
import { createApp } from "../app.ts";
import type { AppDeps, AppEnv } from "../deps.ts";
import { testDeps } from "./test_app.ts";

/** An app under test. */
export interface RouteTestApp {
  app: Hono<AppEnv>;
  deps: AppDeps;
  dir: DataDir;
  /** `app.request(path, init)` with a JSON body and content type when `json` is given. */
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Builds a small synthetic TEST dataset (4 trading days, 2024-01-02..05). */
  testDataset(): Promise<DatasetRecord>;
  /** Polls until run `id` has finished. */
  finished(id: string): Promise<RunRecord>;
  /** Stops the pool, closes the catalog and removes the data dir. */
  close(): Promise<void>;
}

/** The real app on a temp data dir with a one-worker pool. */
export async function routeTestApp(over: Partial<AppDeps> = {}): Promise<RouteTestApp> {
  const dir = resolveDataDir(await Deno.makeTempDir({ prefix: "hewston-routes-" }));
  const pool = new WorkerPool(new URL("../../../jobs/engine_worker.ts", import.meta.url), 1);
  const deps = await testDeps(dir, pool, () => {}, over);
  const { catalog, runs, service } = deps;
  const app = createApp(deps);
  return {
    app,
    deps,
    dir,
    call(path, init = {}) {
      const { json, ...rest } = init;
      if (json === undefined) return Promise.resolve(app.request(path, rest));
      return Promise.resolve(app.request(path, {
        ...rest,
        body: JSON.stringify(json),
        headers: { "content-type": "application/json", ...rest.headers },
      }));
    },
    async testDataset() {
      const { dataset } = await service.buildDataset({
        symbol: "TEST",
        from: "2024-01-02",
        to: "2024-01-05",
        source: { kind: "synthetic", seed: 1, tradesPerDay: 400 },
      });
      return dataset;
    },
    async finished(id) {
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const run = runs.getRun(id);
        if (run && ["DONE", "ERROR", "CANCELLED"].includes(run.status)) {
          // The service records its terminal event just after the worker's row update.
          await new Promise((r) => setTimeout(r, 20));
          return run;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`run ${id} did not finish`);
    },
    async close() {
      service.stop();
      pool.close();
      catalog.close();
      await Deno.remove(dir.root, { recursive: true });
    },
  };
}
