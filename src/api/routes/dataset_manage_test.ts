/**
 * Over real HTTP, on a real catalog and worker pool: what the Datasets page needs of the API —
 * the sources this server can build from (a Databento key or not), a dataset's candles as
 * columns for a preview (as wide as asked, never across a New York date), builds from a CSV
 * file under raw/, and deleting a dataset no run uses (409 with the reason while one does).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { exists, safeJoin } from "../../store/data_dir.ts";
import { RunService } from "../../services/runs/run_service.ts";
import { datasetBars, datasetSources, errorResponse } from "../schemas.ts";
import { routeTestApp } from "../testing/route_test_app.ts";
import { ManualPool, serve } from "../testing/test_app.ts";

const JSON_TYPE = { "content-type": "application/json" };

Deno.test("the Datasets API: sources, candles for a preview, CSV builds, and deletes", async (t) => {
  const app = await routeTestApp();
  const srv = serve(app.deps);
  const get = async (path: string) => {
    const res = await fetch(srv.url + path);
    return { status: res.status, body: await res.json() };
  };
  try {
    const ds = await app.testDataset();

    await t.step("GET /datasets/sources says the server has no Databento key", async () => {
      const { status, body } = await get("/datasets/sources");
      assert.equal(status, 200);
      const sources = datasetSources.parse(body);
      assert.deepEqual(sources.items.map((s) => s.kind), [
        "synthetic",
        "databento",
        "dbn",
        "csv",
        "parquet",
      ]);
      const databento = sources.items.find((s) => s.kind === "databento")!;
      assert.equal(databento.available, false);
      assert.match(databento.description, /DATABENTO_API_KEY/);
      assert.deepEqual(sources.items[0].symbols, ["DEMO", "TEST"]);
      assert.equal(sources.raw_dir, "raw");
      assert.ok(!JSON.stringify(body).includes(app.dir.root), "no absolute path");
    });

    await t.step("with a key in the server's environment, Databento is available", async () => {
      const withKey = new RunService({
        dir: app.dir,
        catalog: app.deps.catalog,
        runs: app.deps.runs,
        events: app.deps.events,
        pool: new ManualPool(),
        databento: {
          apiKey: "db-secret-key-123",
          dataset: "GLBX.MDP3",
          baseUrl: "http://127.0.0.1:9",
        },
      });
      const keyed = serve({ ...app.deps, service: withKey });
      try {
        const res = await fetch(keyed.url + "/datasets/sources");
        const text = await res.text();
        const databento = datasetSources.parse(JSON.parse(text)).items[1];
        assert.equal(databento.available, true);
        assert.equal(databento.dataset, "GLBX.MDP3");
        assert.ok(!text.includes("db-secret-key-123"), "the key never leaves the server");
      } finally {
        await keyed.shutdown();
        withKey.stop();
      }
    });

    await t.step("GET /datasets/{id}/bars: hourly candles of whole 1-minute bars", async () => {
      const { status, body } = await get(`/datasets/${ds.datasetId}/bars?max_candles=40`);
      assert.equal(status, 200);
      const c = datasetBars.parse(body);
      assert.equal(c.interval, "1h");
      assert.equal(c.days, 4);
      assert.equal(c.bars, ds.barCount);
      // 09:30 … 15:30 New York, each day on its own grid: 7 candles a day.
      assert.equal(c.time.length, 28);
      // Against the 1-minute bars themselves (GET /candles).
      const minutes = (await get(`/candles?dataset_id=${ds.datasetId}&limit=10000`)).body
        .items as {
          time: number;
          open: number;
          high: number;
          low: number;
          close: number;
          volume: number;
        }[];
      assert.equal(minutes.length, ds.barCount);
      const firstHour = minutes.filter((m) => m.time >= c.time[0] && m.time < c.time[1]);
      assert.equal(firstHour.length, 60);
      assert.equal(c.open[0], firstHour[0].open);
      assert.equal(c.close[0], firstHour.at(-1)!.close);
      assert.equal(c.high[0], Math.max(...firstHour.map((m) => m.high)));
      assert.equal(c.low[0], Math.min(...firstHour.map((m) => m.low)));
      assert.ok(Math.abs(c.volume[0] - firstHour.reduce((a, m) => a + m.volume, 0)) < 1e-6);
      // 2024-01-02 09:30 New York is 14:30 UTC; the next day starts its own candle.
      assert.equal(new Date(c.time[0] * 1000).toISOString(), "2024-01-02T14:30:00.000Z");
      assert.equal(new Date(c.time[7] * 1000).toISOString(), "2024-01-03T14:30:00.000Z");
    });

    await t.step("fewer candles asked: one per trading day; a range narrows it", async () => {
      const days = datasetBars.parse(
        (await get(`/datasets/${ds.datasetId}/bars?max_candles=10`)).body,
      );
      assert.equal(days.interval, "1d");
      assert.equal(days.time.length, 4);
      const one = datasetBars.parse(
        (await get(
          `/datasets/${ds.datasetId}/bars?from=2024-01-03T14:30:00Z&to=2024-01-03T15:29:00Z&max_candles=100`,
        )).body,
      );
      assert.equal(one.interval, "1m");
      assert.equal(one.time.length, 60);
      const bad = await get(`/datasets/${ds.datasetId}/bars?max_candles=5`);
      assert.equal(bad.status, 422);
      assert.equal(
        errorResponse.parse(bad.body).error.details?.issues?.[0].path,
        "query.max_candles",
      );
      assert.equal((await get(`/datasets/nope/bars`)).status, 404);
    });

    let csvId = "";
    await t.step(
      "POST /datasets builds from a CSV file under raw/, not from elsewhere",
      async () => {
        await Deno.mkdir(app.dir.raw, { recursive: true });
        const t0 = Date.UTC(2024, 0, 2, 14, 30);
        let csv = "ts,open,high,low,close,volume\n";
        for (let i = 0; i < 390; i++) {
          const p = 100 + Math.sin(i / 20);
          csv += `${new Date(t0 + i * 60_000).toISOString()},${p},${p + 0.1},${p - 0.1},${p},${
            100 + i
          }\n`;
        }
        await Deno.writeTextFile(join(app.dir.raw, "acme.csv"), csv);
        const post = (path: string) =>
          fetch(srv.url + "/datasets", {
            method: "POST",
            headers: JSON_TYPE,
            body: JSON.stringify({
              symbol: "ACME",
              from: "2024-01-02",
              to: "2024-01-02",
              source: { kind: "csv", path },
            }),
          });
        const outside = await post("../../etc/passwd");
        assert.equal(outside.status, 422);
        assert.match(
          (await outside.json()).error.message,
          /^body\.source\.path: .* outside the data dir/,
        );
        const res = await post("raw/acme.csv");
        assert.equal(res.status, 202);
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && !csvId) {
          const list = (await get("/datasets?symbol=ACME")).body.items as {
            dataset_id: string;
            status: string;
            source_kind: string;
            bar_count: number;
          }[];
          const ready = list.find((d) => d.status === "READY");
          if (ready) {
            assert.equal(ready.source_kind, "csv");
            assert.equal(ready.bar_count, 390);
            csvId = ready.dataset_id;
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(csvId, "the CSV dataset became READY");
      },
    );

    await t.step("POST /datasets builds from a Parquet file under raw/ too", async () => {
      // The CSV dataset's own bars, as a Parquet file handed in from outside.
      const bars = safeJoin(app.dir.derivedBars, csvId, "bars.parquet");
      await Deno.copyFile(bars, join(app.dir.raw, "acme.parquet"));
      const res = await fetch(srv.url + "/datasets", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({
          symbol: "ACME",
          from: "2024-01-02",
          to: "2024-01-02",
          source: { kind: "parquet", path: join(app.dir.raw, "acme.parquet") },
        }),
      });
      assert.equal(res.status, 202);
      await res.body?.cancel();
      let ready: { source_kind: string; bar_count: number } | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && !ready) {
        const list = (await get("/datasets?symbol=ACME")).body.items as {
          status: string;
          source_kind: string;
          bar_count: number;
        }[];
        ready = list.find((d) => d.status === "READY" && d.source_kind === "parquet");
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.equal(ready?.bar_count, 390);
    });

    await t.step("DELETE /datasets/{id}: 409 while a run uses it, then 204", async () => {
      const run = await fetch(srv.url + "/backtests", {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({ dataset_id: ds.datasetId, strategy_id: "sma_crossover" }),
      });
      const runId = (await run.json()).run_id;
      await app.finished(runId);
      const refused = await fetch(`${srv.url}/datasets/${ds.datasetId}`, { method: "DELETE" });
      assert.equal(refused.status, 409);
      const e = errorResponse.parse(await refused.json()).error;
      assert.equal(e.code, "DATASET_IN_USE");
      assert.equal(
        e.message,
        `dataset ${ds.datasetId} is used by 1 run; delete it first (GET /backtests?dataset_id=${ds.datasetId})`,
      );
      assert.equal(e.details?.runs, 1);
      assert.equal((await get(`/datasets/${ds.datasetId}`)).status, 200);

      const folder = safeJoin(app.dir.derivedBars, csvId);
      assert.ok(await exists(folder));
      const ok = await fetch(`${srv.url}/datasets/${csvId}`, { method: "DELETE" });
      assert.equal(ok.status, 204);
      await ok.body?.cancel();
      assert.equal((await get(`/datasets/${csvId}`)).status, 404);
      assert.ok(!(await exists(folder)), "its bars are gone");
      const again = await fetch(`${srv.url}/datasets/${csvId}`, { method: "DELETE" });
      assert.equal(again.status, 404);
      await again.body?.cancel();
      // The run gone, its dataset can go too.
      await (await fetch(`${srv.url}/backtests/${runId}`, { method: "DELETE" })).body?.cancel();
      const now = await fetch(`${srv.url}/datasets/${ds.datasetId}`, { method: "DELETE" });
      assert.equal(now.status, 204);
      await now.body?.cancel();
    });
  } finally {
    await srv.shutdown();
    await app.close();
  }
});
