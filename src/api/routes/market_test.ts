import assert from "node:assert/strict";
import { computeIndicator, listIndicators } from "../../engine/indicators/mod.ts";
import { listRiskModels } from "../../engine/risk/mod.ts";
import { listStrategies } from "../../engine/strategies/mod.ts";
import { readBarsParquet } from "../../store/bars_parquet.ts";
import { safeJoin } from "../../store/data_dir.ts";
import { candlePage, featurePage, strategyCatalog } from "../schemas.ts";
import { routeTestApp } from "../testing/route_test_app.ts";

Deno.test("market routes serve candles, features and the strategy catalogue", async (t) => {
  const app = await routeTestApp();
  try {
    const ds = await app.testDataset();
    const bars = await readBarsParquet(safeJoin(app.dir.root, ds.barsParquet[0]));
    const q = `dataset_id=${ds.datasetId}`;

    await t.step(
      "GET /candles returns a page of bars with ISO and epoch-second times",
      async () => {
        const res = await app.call(`/candles?${q}&offset=2&limit=3`);
        assert.equal(res.status, 200);
        const page = candlePage.parse(await res.json());
        assert.deepEqual([page.dataset_id, page.symbol, page.total], [ds.datasetId, "TEST", 1560]);
        assert.deepEqual([page.offset, page.limit, page.items.length], [2, 3, 3]);
        for (let k = 0; k < 3; k++) {
          const i = 2 + k;
          assert.deepEqual(page.items[k], {
            ts: new Date(bars.ts[i]).toISOString(),
            time: bars.ts[i] / 1000,
            open: bars.open[i],
            high: bars.high[i],
            low: bars.low[i],
            close: bars.close[i],
            volume: bars.volume[i],
            vwap: bars.vwap[i],
            trade_count: bars.tradeCount[i],
            bid_mean: bars.bidMean[i],
            ask_mean: bars.askMean[i],
            spread_mean: bars.spreadMean[i],
          });
        }
        assert.equal(page.items[0].ts, "2024-01-02T14:32:00.000Z");
        assert.equal(page.items[0].time, 1704205920);
      },
    );

    await t.step("GET /candles keeps bars inside from/to (dates are whole UTC days)", async () => {
      const range = async (query: string) => {
        const p = await (await app.call(`/candles?${q}&${query}`)).json();
        return [p.total, p.items[0]?.ts, p.items.at(-1)?.ts];
      };
      assert.deepEqual(await range("from=2024-01-03&to=2024-01-03&limit=10000"), [
        390,
        "2024-01-03T14:30:00.000Z",
        "2024-01-03T20:59:00.000Z",
      ]);
      assert.deepEqual(await range("from=2024-01-02T15:00:00Z&to=2024-01-02T15:09:00Z"), [
        10,
        "2024-01-02T15:00:00.000Z",
        "2024-01-02T15:09:00.000Z",
      ]);
      assert.deepEqual(await range("from=2024-01-05T15:58:00-05:00"), [
        2,
        "2024-01-05T20:58:00.000Z",
        "2024-01-05T20:59:00.000Z",
      ]);
      assert.deepEqual(await range("from=2024-01-06"), [0, undefined, undefined]);
      assert.deepEqual(await range("from=2024-01-03&to=2024-01-03&offset=389"), [
        390,
        "2024-01-03T20:59:00.000Z",
        "2024-01-03T20:59:00.000Z",
      ]);
    });

    await t.step("GET /candles refuses bad queries and unknown or unready datasets", async () => {
      app.deps.catalog.putDataset({ ...ds, datasetId: "BUSY", status: "BUILDING" });
      const cases: [string, number, string, string][] = [
        [
          "",
          422,
          "VALIDATION_ERROR",
          "query.dataset_id: Invalid input: expected string, received undefined",
        ],
        [
          `${q}&from=yesterday`,
          422,
          "VALIDATION_ERROR",
          "query.from: expected YYYY-MM-DD or an ISO date-time with a zone, e.g. 2024-01-02T14:30:00Z",
        ],
        [
          `${q}&to=2024-01-02T15:00:00`,
          422,
          "VALIDATION_ERROR",
          "query.to: expected YYYY-MM-DD or an ISO date-time with a zone, e.g. 2024-01-02T14:30:00Z",
        ],
        [
          `${q}&limit=10001`,
          422,
          "VALIDATION_ERROR",
          "query.limit: Too big: expected number to be <=10000",
        ],
        [`${q}&window=3`, 422, "VALIDATION_ERROR", "query: unknown field window"],
        [
          "dataset_id=nope",
          404,
          "DATASET_NOT_FOUND",
          "dataset nope not found; list datasets with GET /datasets",
        ],
        ["dataset_id=BUSY", 409, "DATASET_NOT_READY", "dataset BUSY is BUILDING"],
      ];
      for (const [query, status, code, message] of cases) {
        const res = await app.call(`/candles?${query}`);
        assert.equal(res.status, status, query);
        const e = (await res.json()).error;
        assert.deepEqual([e.code, e.message], [code, message]);
      }
    });

    await t.step("GET /features returns an indicator's shifted values, paged", async () => {
      const expected = computeIndicator("sma", bars, { window: 3 });
      const viaJson = await app.call(
        `/features?${q}&name=sma&params=${encodeURIComponent('{"window":3}')}&limit=5`,
      );
      assert.equal(viaJson.status, 200);
      const page = featurePage.parse(await viaJson.json());
      assert.deepEqual(page.params, { window: 3, field: "close" });
      assert.deepEqual([page.total, page.offset, page.limit], [1560, 0, 5]);
      assert.deepEqual(page.items.map((p) => p.value), [
        null,
        null,
        null,
        expected[3],
        expected[4],
      ]);
      // Closes are cent prices, so the SMA is their exact mean: Σcents / 300, correctly rounded
      // (a float sum of the three closes can be an ulp off).
      const cents = [0, 1, 2].map((i) => Math.round(bars.close[i] * 100));
      assert.equal(expected[3], (cents[0] + cents[1] + cents[2]) / 300);
      const direct = await (await app.call(`/features?${q}&name=sma&window=3&limit=5`)).json();
      assert.deepEqual(direct, page);
      const ranged = featurePage.parse(
        await (await app.call(`/features?${q}&name=rsi&window=14&from=2024-01-05&limit=2&offset=1`))
          .json(),
      );
      const rsi = computeIndicator("rsi", bars, { window: 14 });
      assert.equal(ranged.total, 390);
      assert.deepEqual(ranged.items.map((p) => [p.ts, p.value]), [
        ["2024-01-05T14:31:00.000Z", rsi[1171]],
        ["2024-01-05T14:32:00.000Z", rsi[1172]],
      ]);
    });

    await t.step("GET /features refuses unknown indicators and bad parameters", async () => {
      const cases: [string, number, string, string | RegExp][] = [
        [
          `${q}&name=magic`,
          404,
          "INDICATOR_NOT_FOUND",
          /^unknown indicator "magic" \(known: atr, ema, /,
        ],
        [`${q}&name=sma&window=0`, 422, "VALIDATION_ERROR", /^sma params: window/],
        [`${q}&name=sma&colour=red`, 422, "VALIDATION_ERROR", /^sma params: /],
        [
          `${q}&name=sma&params=%7Bwindow`,
          422,
          "VALIDATION_ERROR",
          'query.params: expected a JSON object, e.g. {"window":20}',
        ],
        [
          `${q}&name=sma&params=%5B3%5D`,
          422,
          "VALIDATION_ERROR",
          'query.params: expected a JSON object, e.g. {"window":20}',
        ],
        [
          `${q}&name=sma&params=%7B%22window%22%3A3%7D&window=4`,
          422,
          "VALIDATION_ERROR",
          "query.window: given both in params and on its own",
        ],
        [
          q,
          422,
          "VALIDATION_ERROR",
          "query.name: Invalid input: expected string, received undefined",
        ],
        [`dataset_id=nope&name=sma&window=3`, 404, "DATASET_NOT_FOUND", /^dataset nope not found/],
      ];
      for (const [query, status, code, message] of cases) {
        const res = await app.call(`/features?${query}`);
        assert.equal(res.status, status, query);
        const e = (await res.json()).error;
        assert.equal(e.code, code, query);
        if (typeof message === "string") assert.equal(e.message, message);
        else assert.match(e.message, message);
      }
    });

    await t.step("GET /strategies lists strategies, risk models and indicators", async () => {
      const res = await app.call("/strategies");
      assert.equal(res.status, 200);
      const body = strategyCatalog.parse(await res.json());
      assert.deepEqual(body, {
        items: listStrategies(),
        risk_models: listRiskModels(),
        indicators: listIndicators(),
      });
      assert.deepEqual(body.items.map((s) => s.id), ["dual_sma", "sma_crossover"]);
      assert.deepEqual(body.risk_models.map((r) => r.model), [
        "fixed_fraction",
        "volatility_target",
        "kelly_fraction",
      ]);
      const sma = body.items.find((s) => s.id === "sma_crossover")!;
      assert.equal(sma.params.type, "object");
      assert.deepEqual(sma.defaults, { fast: 20, slow: 50, allow_short: false });
    });
  } finally {
    await app.close();
  }
});
