/**
 * Specs of a data dir changed behind the server's back (found by fault injection): a READY
 * dataset whose files are gone answers 409 DATASET_FILES_MISSING everywhere instead of 500,
 * and symbolic links planted inside the data dir are refused (403 SYMLINK_REFUSED) instead of
 * served or written through.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { safeJoin } from "../../store/data_dir.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

Deno.test("a READY dataset with missing files answers 409 DATASET_FILES_MISSING, never 500", async () => {
  const app = await routeTestApp();
  try {
    const ds = await app.testDataset();
    await Deno.remove(safeJoin(app.dir.root, ds.barsManifestPath));
    await Deno.remove(safeJoin(app.dir.root, ds.barsParquet[0]));
    const replies = [
      await app.call("/backtests", {
        method: "POST",
        json: {
          dataset_id: ds.datasetId,
          strategy_id: "sma_crossover",
          params: { fast: 3, slow: 9 },
        },
      }),
      await app.call(`/datasets/${ds.datasetId}`),
      await app.call(`/candles?dataset_id=${ds.datasetId}`),
    ];
    for (const res of replies) {
      assert.equal(res.status, 409, res.url);
      const body = await res.json();
      assert.equal(body.error.code, "DATASET_FILES_MISSING");
      assert.match(
        body.error.message,
        new RegExp(`^dataset ${ds.datasetId} is READY in the catalog but its file derived/bars/`),
      );
      assert.ok(!JSON.stringify(body).includes(app.dir.root));
    }
  } finally {
    await app.close();
  }
});

Deno.test("symbolic links planted in the data dir are neither served nor written through", async () => {
  const app = await routeTestApp();
  const outside = await Deno.makeTempDir({ prefix: "hewston-outside-" });
  try {
    const ds = await app.testDataset();
    const body = (fast: number) => ({
      dataset_id: ds.datasetId,
      strategy_id: "sma_crossover",
      params: { fast, slow: 12 },
    });
    const res = await app.call("/backtests", { method: "POST", json: body(3) });
    const id = (await res.json()).run_id;
    assert.equal((await app.finished(id)).status, "DONE");
    // An artifact replaced by a link to a secret elsewhere.
    const secret = join(outside, "secret.json");
    await Deno.writeTextFile(secret, '{"secret":true}');
    const metrics = safeJoin(app.dir.backtests, id, "metrics.json");
    await Deno.remove(metrics);
    await Deno.symlink(secret, metrics);
    const served = await app.call(`/backtests/${id}/artifacts/metrics.json`);
    assert.equal(served.status, 403);
    const e = (await served.json()).error;
    assert.equal(e.code, "SYMLINK_REFUSED");
    assert.equal(
      e.message,
      `backtests/${id}/metrics.json is a symbolic link; Hewston does not follow links inside its data dir`,
    );
    // backtests/ itself replaced by a link: a new run fails instead of writing outside.
    await Deno.rename(app.dir.backtests, app.dir.backtests + ".real");
    await Deno.symlink(outside, app.dir.backtests);
    const next = await app.call("/backtests", { method: "POST", json: body(4) });
    const run = await app.finished((await next.json()).run_id);
    assert.equal(run.status, "ERROR");
    assert.match(run.error!, /^backtests is a symbolic link/);
    // derived/bars/ replaced by a link: a dataset build fails instead of writing outside.
    await Deno.rename(app.dir.derivedBars, app.dir.derivedBars + ".real");
    await Deno.symlink(outside, app.dir.derivedBars);
    const build = await app.call("/datasets", {
      method: "POST",
      json: {
        symbol: "TEST",
        from: "2024-05-06",
        to: "2024-05-07",
        source: { kind: "synthetic", seed: 3, trades_per_day: 200 },
      },
    });
    const job = (await build.json()).job_id;
    const deadline = Date.now() + 20_000;
    while (app.deps.events.latest(job)?.kind !== "error") {
      assert.ok(Date.now() < deadline, "the build did not fail");
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.match(
      String(app.deps.events.latest(job)!.data.message),
      /^derived\/bars is a symbolic link/,
    );
    const written = [];
    for await (const f of Deno.readDir(outside)) written.push(f.name);
    assert.deepEqual(written, ["secret.json"]);
  } finally {
    await app.close();
    await Deno.remove(outside, { recursive: true });
  }
});
