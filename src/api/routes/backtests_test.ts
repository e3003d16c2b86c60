import assert from "node:assert/strict";
import { exists, safeJoin } from "../../store/data_dir.ts";
import { runDetail, runList, submitResponse } from "../schemas.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

const HEX16 = /^[0-9a-f]{16}$/;
const JSON_TYPE = { "Content-Type": "application/json" };

Deno.test("backtest routes submit, list, get, cancel and delete runs", async (t) => {
  const app = await routeTestApp();
  try {
    const ds = await app.testDataset();
    const body = (fast: number) => ({
      dataset_id: ds.datasetId,
      strategy_id: "sma_crossover",
      params: { fast, slow: 20 },
      seed: 42,
      slippage_fees: { k_spread: 0.5, fees_bps: 1 },
      speed: 60,
    });
    let first = "";
    let second = "";

    await t.step(
      "POST /backtests queues a run (202) and answers EXISTS (200) on a repeat",
      async () => {
        const res = await app.call("/backtests", { method: "POST", json: body(5) });
        assert.equal(res.status, 202);
        const b = submitResponse.parse(await res.json());
        assert.match(b.run_id, HEX16);
        assert.deepEqual(b, { run_id: b.run_id, run_hash: b.run_id, status: "QUEUED" });
        assert.equal(res.headers.get("location"), `/backtests/${b.run_id}`);
        first = b.run_id;
        assert.equal((await app.finished(first)).status, "DONE");
        const again = await app.call("/runs", { method: "POST", json: body(5) });
        assert.equal(again.status, 200);
        assert.deepEqual(await again.json(), { run_id: first, run_hash: first, status: "EXISTS" });
        assert.equal(again.headers.get("location"), `/runs/${first}`);
      },
    );

    await t.step(
      "POST /backtests with a reused Idempotency-Key answers the first run for the same body, 409 for another",
      async () => {
        const res = await app.call("/backtests", {
          method: "POST",
          json: body(6),
          headers: { "Idempotency-Key": "key-1" },
        });
        assert.equal(res.status, 202);
        second = (await res.json()).run_id;
        assert.notEqual(second, first);
        await app.finished(second);
        for (const header of ["Idempotency-Key", "X-Idempotency-Key"]) {
          const retry = await app.call("/backtests", {
            method: "POST",
            json: body(6),
            headers: { [header]: "key-1" },
          });
          assert.equal(retry.status, 200);
          assert.deepEqual(await retry.json(), {
            run_id: second,
            run_hash: second,
            status: "EXISTS",
          });
          const other = await app.call("/backtests", {
            method: "POST",
            json: body(7),
            headers: { [header]: "key-1" },
          });
          assert.equal(other.status, 409);
          assert.deepEqual(await other.json(), {
            error: {
              code: "IDEMPOTENCY_KEY_REUSED",
              message:
                `Idempotency-Key key-1 was used for run ${second} with another body; send a new key`,
              details: { run_id: second },
            },
          });
        }
        const bad = await app.call("/backtests", {
          method: "POST",
          json: body(7),
          headers: { "Idempotency-Key": "has space" },
        });
        assert.equal(bad.status, 422);
        assert.equal(
          (await bad.json()).error.message,
          "Idempotency-Key: expected 1 to 200 visible ASCII characters",
        );
      },
    );

    await t.step("POST /backtests answers 404 for an unknown dataset or strategy", async () => {
      const noData = await app.call("/backtests", {
        method: "POST",
        json: { ...body(5), dataset_id: "NOPE-2023-1m" },
      });
      assert.equal(noData.status, 404);
      const e = (await noData.json()).error;
      assert.equal(e.code, "DATASET_NOT_FOUND");
      assert.equal(
        e.message,
        `no NOPE data for 2023-01-01..2023-12-31: put TRADES+TBBO DBN files in raw/dbn/NOPE, set DATABENTO_API_KEY, or POST /datasets; synthetic data serves only DEMO and TEST`,
      );
      const noId = await app.call("/backtests", {
        method: "POST",
        json: { ...body(5), dataset_id: "nothing" },
      });
      assert.equal(noId.status, 404);
      assert.equal((await noId.json()).error.code, "DATASET_NOT_FOUND");
      const noStrategy = await app.call("/backtests", {
        method: "POST",
        json: { ...body(5), dataset_id: "nothing", strategy_id: "magic" },
      });
      assert.equal(noStrategy.status, 404);
      assert.deepEqual(await noStrategy.json(), {
        error: {
          code: "STRATEGY_NOT_FOUND",
          message: 'unknown strategy "magic" (known: dual_sma, sma_crossover)',
        },
      });
    });

    await t.step("POST /backtests refuses bad bodies with 400, 413, 415 and 422", async () => {
      const post = (text: string, type = "application/json") =>
        app.call("/backtests", { method: "POST", body: text, headers: { "content-type": type } });
      const cases: [Response, number, string, string | RegExp][] = [
        [await post("{"), 400, "MALFORMED_JSON", /^request body is not valid JSON: /],
        [await post(""), 400, "MALFORMED_JSON", "request body is empty; expected a JSON object"],
        [
          await post(JSON.stringify(body(5)), "text/plain;charset=UTF-8"),
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          "send the body as Content-Type: application/json, not text/plain",
        ],
        [
          await post(JSON.stringify({ pad: "x".repeat(1 << 20) })),
          413,
          "BODY_TOO_LARGE",
          "request body is larger than 1048576 bytes",
        ],
        [
          await post(JSON.stringify({ ...body(5), bogus: 1 })),
          422,
          "VALIDATION_ERROR",
          "body: unknown field bogus",
        ],
        [
          await post(JSON.stringify({ ...body(5), seed: -1 })),
          422,
          "VALIDATION_ERROR",
          /^seed: /,
        ],
        [
          await post(JSON.stringify({ ...body(5), params: { fast: 50, slow: 20 } })),
          422,
          "VALIDATION_ERROR",
          /^sma_crossover params: /,
        ],
        [await post("[1]"), 422, "VALIDATION_ERROR", /^body: /],
      ];
      for (const [res, status, code, message] of cases) {
        assert.equal(res.status, status, code);
        const e = (await res.json()).error;
        assert.equal(e.code, code);
        if (typeof message === "string") assert.equal(e.message, message);
        else assert.match(e.message, message);
      }
    });

    await t.step("GET /backtests filters, orders and pages", async () => {
      const all = runList.parse(await (await app.call("/backtests")).json());
      assert.equal(all.total, 2);
      assert.equal(all.limit, 50);
      assert.equal(all.offset, 0);
      assert.deepEqual(all.items.map((r) => r.run_id), [second, first]);
      const item = all.items[1];
      assert.equal(item.symbol, "TEST");
      assert.equal(item.status, "DONE");
      assert.deepEqual(item.params, { fast: 5, slow: 20, allow_short: false });
      assert.equal(item.url, `/backtests/${first}`);
      assert.equal(typeof item.metrics!.sharpe, "number");
      const bySharpe = [...all.items].sort((a, b) => b.metrics!.sharpe! - a.metrics!.sharpe!);
      const ordered = await (await app.call("/runs?order=-sharpe")).json();
      assert.deepEqual(
        ordered.items.map((r: { run_id: string }) => r.run_id),
        bySharpe.map((r) => r.run_id),
      );
      assert.equal(ordered.items[0].url, `/runs/${bySharpe[0].run_id}`);
      const page = await (await app.call("/backtests?order=created_at&limit=1&offset=1")).json();
      assert.deepEqual([page.total, page.limit, page.offset], [2, 1, 1]);
      assert.deepEqual(page.items.map((r: { run_id: string }) => r.run_id), [second]);
      const count = async (q: string) => (await (await app.call(`/backtests?${q}`)).json()).total;
      assert.equal(await count("symbol=test&strategy_id=sma_crossover&status=DONE"), 2);
      assert.equal(await count("status=QUEUED"), 0);
      assert.equal(await count("strategy_id=dual_sma"), 0);
      assert.equal(await count("symbol=DEMO"), 0);
      assert.equal(await count("from=2024-01-05&to=2024-01-31"), 2);
      assert.equal(await count("from=2024-01-06"), 0);
      assert.equal(await count("to=2024-01-01"), 0);
      assert.equal(await count(`dataset_id=${ds.datasetId}`), 2);
    });

    await t.step("GET /backtests refuses bad query parameters with 422 naming them", async () => {
      const cases: [string, string][] = [
        ["limit=0", "query.limit: Too small: expected number to be >=1"],
        ["limit=1001", "query.limit: Too big: expected number to be <=1000"],
        ["offset=-1", "query.offset: Too small: expected number to be >=0"],
        ["limit=ten", "query.limit: Invalid input: expected number, received NaN"],
        [
          "status=LOST",
          'query.status: Invalid option: expected one of "QUEUED"|"RUNNING"|"DONE"|"ERROR"|"CANCELLED"',
        ],
        ["from=2024-1-1", "query.from: expected YYYY-MM-DD"],
        ["strategy=x", "query: unknown field strategy"],
        ["order=-run_id", 'cannot order runs by "run_id"'],
      ];
      for (const [q, message] of cases) {
        const res = await app.call(`/backtests?${q}`);
        assert.equal(res.status, 422, q);
        const e = (await res.json()).error;
        assert.equal(e.code, "VALIDATION_ERROR");
        assert.equal(e.message, message);
      }
    });

    await t.step(
      "GET /backtests/{id} returns the run with config, metrics and artifacts",
      async () => {
        const res = await app.call(`/runs/${first}`);
        assert.equal(res.status, 200);
        const run = runDetail.parse(await res.json());
        assert.equal(run.run_hash, first);
        assert.equal(run.input_hash.slice(0, 16), first);
        assert.equal(run.speed, 60);
        assert.deepEqual(run.slippage_fees, {
          fees_bps: 1,
          slippage: { model: "k_spread", k: 0.5 },
          borrow_bps: 0,
        });
        assert.equal((run.config as { dataset_id: string }).dataset_id, ds.datasetId);
        assert.match(run.manifest.manifest_hash!, /^[0-9a-f]{64}$/);
        assert.equal(run.manifest.url, `/runs/${first}/artifacts`);
        assert.deepEqual(run.artifacts.map((a) => a.name), [
          "equity.parquet",
          "fills.parquet",
          "metrics.json",
          "orders.parquet",
          "run-manifest.json",
          "trades.parquet",
          "validation_summary.json",
        ]);
        assert.equal(run.artifacts[0].url, `/runs/${first}/artifacts/equity.parquet`);
        assert.equal(run.events_url, `/runs/${first}/events`);
        const other = runDetail.parse(await (await app.call(`/backtests/${second}`)).json());
        assert.equal(other.manifest.chain_prev, run.manifest.manifest_hash);
        const missing = await app.call("/backtests/0123456789abcdef");
        assert.equal(missing.status, 404);
        assert.deepEqual(await missing.json(), {
          error: { code: "RUN_NOT_FOUND", message: "run 0123456789abcdef not found" },
        });
      },
    );

    await t.step("POST /backtests/{id}/cancel cancels a queued run, then answers 409", async () => {
      // The one worker is busy with a dataset build, so the run waits in the queue.
      const spec = {
        symbol: "TEST",
        from: "2024-02-05",
        to: "2024-02-06",
        source: { kind: "synthetic" as const, seed: 3, tradesPerDay: 400 },
      };
      const build = app.deps.service.buildDataset(spec);
      const res = await app.call("/backtests", { method: "POST", json: body(8) });
      assert.equal(res.status, 202);
      const id = (await res.json()).run_id;
      assert.equal(app.deps.runs.getRun(id)!.status, "QUEUED");
      const cancel = await app.call(`/backtests/${id}/cancel`, {
        method: "POST",
        headers: JSON_TYPE,
      });
      assert.equal(cancel.status, 200);
      const run = runDetail.parse(await cancel.json());
      assert.equal(run.status, "CANCELLED");
      assert.equal(run.error, "cancelled");
      assert.deepEqual(run.artifacts, []);
      const again = await app.call(`/runs/${id}/cancel`, { method: "POST", headers: JSON_TYPE });
      assert.equal(again.status, 409);
      assert.deepEqual(await again.json(), {
        error: { code: "RUN_FINISHED", message: `run ${id} is already CANCELLED` },
      });
      const done = await app.call(`/backtests/${first}/cancel`, {
        method: "POST",
        headers: JSON_TYPE,
      });
      assert.equal(done.status, 409);
      assert.equal((await done.json()).error.message, `run ${first} is already DONE`);
      await build;
      assert.equal(app.deps.runs.getRun(id)!.status, "CANCELLED");
      assert.equal(
        (await app.call("/backtests/nope/cancel", { method: "POST", headers: JSON_TYPE })).status,
        404,
      );
    });

    await t.step("DELETE /backtests/{id} removes the run and its folder", async () => {
      const folder = safeJoin(app.dir.backtests, second);
      assert.equal(await exists(folder), true);
      const res = await app.call(`/backtests/${second}`, { method: "DELETE" });
      assert.equal(res.status, 204);
      assert.equal(await res.text(), "");
      assert.equal(await exists(folder), false);
      assert.equal((await app.call(`/backtests/${second}`)).status, 404);
      const again = await app.call(`/runs/${second}`, { method: "DELETE" });
      assert.equal(again.status, 404);
      assert.equal((await again.json()).error.code, "RUN_NOT_FOUND");
    });
  } finally {
    await app.close();
  }
});
