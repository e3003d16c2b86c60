import assert from "node:assert/strict";
import { join } from "node:path";
import { generateSynthetic } from "../../market/sources/synthetic.ts";
import { datasetJobId } from "../../services/datasets/dataset_service.ts";
import { datasetDetail, datasetJob, datasetList } from "../schemas.ts";
import { type RouteTestApp, routeTestApp } from "../testing/route_test_app.ts";

/** Waits for the terminal event of the latest build of dataset job `jobId` and returns it. */
async function jobEnd(app: RouteTestApp, jobId: string) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const events = app.deps.events.after(jobId);
    const start = events.findLastIndex((e) => e.stage === "queued");
    assert.ok(start >= 0, `job ${jobId} was not queued`);
    const end = events.slice(start).find((e) => e.kind === "done" || e.kind === "error");
    if (end) return end;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`job ${jobId} did not end`);
}

Deno.test("dataset routes list, get and build datasets", async (t) => {
  const app = await routeTestApp();
  const outside = await Deno.makeTempDir({ prefix: "hewston-outside-" });
  try {
    await t.step("GET /datasets is empty at first", async () => {
      const res = await app.call("/datasets");
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { items: [], total: 0 });
    });

    let datasetId = "";
    await t.step("POST /datasets starts a synthetic build recorded under its job id", async () => {
      const res = await app.call("/datasets", {
        method: "POST",
        json: {
          symbol: "test",
          from: "2024-01-02",
          to: "2024-01-03",
          source: { kind: "synthetic", seed: 5, trades_per_day: 300 },
        },
      });
      assert.equal(res.status, 202);
      const jobId = datasetJobId({
        symbol: "TEST",
        from: "2024-01-02",
        to: "2024-01-03",
        source: { kind: "synthetic", seed: 5, tradesPerDay: 300 },
      });
      assert.deepEqual(datasetJob.parse(await res.json()), {
        job_id: jobId,
        status: "QUEUED",
        events_url: `/backtests/${jobId}/events`,
      });
      const end = await jobEnd(app, jobId);
      assert.equal(end.kind, "done");
      datasetId = String(end.data.dataset_id);
      assert.match(datasetId, /^TEST-2024-01-02-2024-01-03-synthetic-[0-9a-f]{8}$/);
      assert.equal(end.data.bars, 780);
    });

    await t.step("GET /datasets filters by symbol and status", async () => {
      const list = datasetList.parse(await (await app.call("/datasets?symbol=test")).json());
      assert.equal(list.total, 1);
      const d = list.items[0];
      assert.equal(d.dataset_id, datasetId);
      assert.equal(d.status, "READY");
      assert.equal(d.bar_count, 780);
      assert.equal(d.source_kind, "synthetic");
      assert.equal(d.url, `/datasets/${datasetId}`);
      assert.equal((await (await app.call("/datasets?status=ERROR")).json()).total, 0);
      assert.equal((await (await app.call("/datasets?symbol=DEMO")).json()).total, 0);
      const bad = await app.call("/datasets?status=DONE");
      assert.equal(bad.status, 422);
      assert.match((await bad.json()).error.message, /^query\.status: /);
    });

    await t.step("GET /datasets/{id} returns the row and its bars manifest", async () => {
      const d = datasetDetail.parse(await (await app.call(`/datasets/${datasetId}`)).json());
      assert.equal(d.manifest!.dataset_id, datasetId);
      assert.equal(d.manifest!.symbol, "TEST");
      assert.deepEqual(d.manifest!.source, { kind: "synthetic", seed: 5, trades_per_day: 300 });
      const missing = await app.call("/datasets/nope");
      assert.equal(missing.status, 404);
      assert.deepEqual(await missing.json(), {
        error: {
          code: "DATASET_NOT_FOUND",
          message:
            "dataset nope not found; list datasets with GET /datasets or build one with POST /datasets",
        },
      });
    });

    let dbnId = "";
    await t.step("POST /datasets builds from DBN files inside the data dir", async () => {
      const folder = join(app.dir.raw, "dbn", "TEST");
      await generateSynthetic({
        symbol: "TEST",
        from: "2024-01-08",
        to: "2024-01-08",
        seed: 9,
        outDir: folder,
        tradesPerDay: 300,
      });
      const res = await app.call("/datasets", {
        method: "POST",
        json: {
          symbol: "TEST",
          from: "2024-01-08",
          to: "2024-01-08",
          source: {
            kind: "dbn",
            trades: ["raw/dbn/TEST/TEST.trades.dbn.zst"],
            tbbo: [join(folder, "TEST.tbbo.dbn.zst")],
          },
        },
      });
      assert.equal(res.status, 202);
      const end = await jobEnd(app, (await res.json()).job_id);
      assert.equal(end.kind, "done", JSON.stringify(end.data));
      assert.equal(end.data.bars, 390);
      dbnId = String(end.data.dataset_id);
      const d = await (await app.call(`/datasets/${dbnId}`)).json();
      assert.equal(d.source_kind, "dbn");
    });

    await t.step("POST /datasets without a source finds local DBN files once each", async () => {
      const res = await app.call("/datasets", {
        method: "POST",
        json: { symbol: "TEST", from: "2024-01-08", to: "2024-01-08" },
      });
      assert.equal(res.status, 202);
      const end = await jobEnd(app, (await res.json()).job_id);
      assert.equal(end.kind, "done");
      // Ingest left copies of the files in the folder; the same inputs give the same id.
      assert.equal(end.data.dataset_id, dbnId);
    });

    await t.step("POST /datasets refuses files outside the data dir", async () => {
      const secret = join(outside, "secret.dbn.zst");
      await Deno.writeTextFile(secret, "not yours");
      await Deno.symlink(secret, join(app.dir.raw, "link.dbn.zst"));
      const cases: [string, string][] = [
        [
          secret,
          `body.source.trades.0: ${secret} is outside the data dir; put the file under its raw/ folder`,
        ],
        [
          "../x.dbn.zst",
          "body.source.trades.0: ../x.dbn.zst is outside the data dir; put the file under its raw/ folder",
        ],
        [
          "/etc/passwd",
          "body.source.trades.0: /etc/passwd is outside the data dir; put the file under its raw/ folder",
        ],
        [
          join(outside, "missing"),
          `body.source.trades.0: ${
            join(outside, "missing")
          } is outside the data dir; put the file under its raw/ folder`,
        ],
        [
          "raw/link.dbn.zst",
          "body.source.trades.0: raw/link.dbn.zst is outside the data dir; put the file under its raw/ folder",
        ],
        [
          ".",
          "body.source.trades.0: . is outside the data dir; put the file under its raw/ folder",
        ],
        ["raw/none.dbn.zst", "body.source.trades.0: no file raw/none.dbn.zst"],
        [
          "catalog.sqlite",
          "body.source.trades.0: catalog.sqlite is one of the data dir's own files; put input files under its raw/ folder",
        ],
        [
          join(app.dir.root, "catalog.sqlite"),
          "body.source.trades.0: catalog.sqlite is one of the data dir's own files; put input files under its raw/ folder",
        ],
      ];
      for (const [path, message] of cases) {
        const res = await app.call("/datasets", {
          method: "POST",
          json: {
            symbol: "TEST",
            from: "2024-01-08",
            to: "2024-01-08",
            source: { kind: "dbn", trades: [path] },
          },
        });
        assert.equal(res.status, 422, path);
        assert.deepEqual(await res.json(), { error: { code: "VALIDATION_ERROR", message } });
      }
    });

    await t.step("POST /datasets refuses bad requests with 404, 415 and 422", async () => {
      const post = (json: unknown) => app.call("/datasets", { method: "POST", json });
      const cases: [unknown, number, string, string | RegExp][] = [
        [
          { symbol: "NOPE", from: "2024-01-02", to: "2024-01-03" },
          404,
          "DATASET_NOT_FOUND",
          /^no NOPE data for 2024-01-02\.\.2024-01-03: /,
        ],
        [
          { symbol: "AAPL", from: "2024-01-02", to: "2024-01-03", source: { kind: "synthetic" } },
          422,
          "VALIDATION_ERROR",
          "body.source: the synthetic source serves only DEMO and TEST, not AAPL",
        ],
        [
          { symbol: "TEST", from: "2024-01-03", to: "2024-01-02" },
          422,
          "VALIDATION_ERROR",
          "empty date range: from 2024-01-03 is after to 2024-01-02",
        ],
        [
          { symbol: "TEST", from: "2024-1-2", to: "2024-01-02" },
          422,
          "VALIDATION_ERROR",
          "body.from: expected YYYY-MM-DD",
        ],
        [
          { symbol: "TEST", from: "2024-01-02", to: "2024-01-02", x: 1 },
          422,
          "VALIDATION_ERROR",
          "body: unknown field x",
        ],
        [
          { symbol: "TEST", from: "2024-01-02", to: "2024-01-02", source: { kind: "ftp" } },
          422,
          "VALIDATION_ERROR",
          /^body\.source\.kind: /,
        ],
        [
          { symbol: "BAD SYMBOL", from: "2024-01-02", to: "2024-01-02" },
          422,
          "VALIDATION_ERROR",
          /^invalid symbol "BAD SYMBOL"/,
        ],
      ];
      for (const [json, status, code, message] of cases) {
        const res = await post(json);
        assert.equal(res.status, status, JSON.stringify(json));
        const e = (await res.json()).error;
        assert.equal(e.code, code);
        if (typeof message === "string") assert.equal(e.message, message);
        else assert.match(e.message, message);
      }
      const form = await app.call("/datasets", {
        method: "POST",
        body: "symbol=TEST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      assert.equal(form.status, 415);
    });
  } finally {
    await app.close();
    await Deno.remove(outside, { recursive: true });
  }
});
