/**
 * End-to-end specs of the run API: the real `hewston serve` on a random 127.0.0.1 port, a
 * temp data dir holding synthetic AAPL 2023 DBN files, both seeds' request bodies sent
 * byte for byte.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../src/domain/hash.ts";
import { generateSynthetic } from "../src/market/sources/synthetic.ts";
import { type Server, startServer } from "./_server.ts";

/** Seed 000 §API Contracts, example body. */
const SEED_000 =
  `{ "dataset_id": "AAPL-2023-1m", "strategy_id": "sma_crossover", "params": {"fast":20,"slow":50}, "seed": 42, "slippage_fees": {"k_spread":0.5, "fees_bps":1}, "speed": 60 }`;

/** Seed 004 §Reproducibility, sample minimal payload. */
const SEED_004_RUN = `{
  "symbol": "TEST",
  "timeframe": "1m",
  "start": "2024-01-01",
  "end": "2024-01-02",
  "indicators": [
    {"name": "sma", "params": {"window": 5}},
    {"name": "sma", "params": {"window": 15}}
  ],
  "strategy": {"name": "dual_sma", "params": {"fast": 5, "slow": 15}},
  "risk": {"model": "fixed_fraction", "params": {"fraction": 0.1}},
  "execution": {"slippage_bps": 0, "fee_bps": 0, "borrow_cost_bps": 0},
  "validation": {"permutation": {"trials": 3}},
  "seed": 42
}`;

/** Seed 004 §Presets, create payload. */
const SEED_004_PRESET = `{
  "name": "dual_sma_default",
  "config": {
    "symbol": "TEST",
    "timeframe": "1m",
    "start": "2024-01-01",
    "end": "2024-01-02",
    "indicators": [{"name": "dual_sma", "params": {"fast": 5, "slow": 20}}],
    "strategy": {"name": "dual_sma", "params": {}},
    "risk": {"model": "fixed_fraction", "params": {"fraction": 0.1}},
    "execution": {"slippage_bps": 5, "fee_bps": 0},
    "validation": {},
    "seed": 42
  }
}`;

const JSON_TYPE = { "content-type": "application/json" };
const FINISHED = new Set(["DONE", "ERROR", "CANCELLED"]);

interface Reply {
  status: number;
  headers: Headers;
  // deno-lint-ignore no-explicit-any
  body: any;
}

async function call(srv: Server, method: string, path: string, body?: string, headers = {}) {
  const res = await fetch(srv.url + path, {
    method,
    body,
    // Every POST carries the JSON type, bodiless ones (cancel) too: the server refuses others.
    headers: body === undefined && method !== "POST" ? headers : { ...JSON_TYPE, ...headers },
  });
  const text = await res.text();
  const json = res.headers.get("content-type")?.startsWith("application/json");
  return { status: res.status, headers: res.headers, body: json ? JSON.parse(text) : text };
}

async function finished(srv: Server, id: string): Promise<Reply["body"]> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const r = await call(srv, "GET", `/backtests/${id}`);
    if (FINISHED.has(r.body.status)) return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`run ${id} did not finish`);
}

/** Sends a request line as written (no URL normalisation) and returns the raw answer. */
async function rawGet(srv: Server, path: string): Promise<string> {
  const { hostname, port } = new URL(srv.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  await conn.write(
    new TextEncoder().encode(
      `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`,
    ),
  );
  return await new Response(conn.readable).text();
}

Deno.test("hewston serve runs both seeds' bodies end to end over HTTP", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-api-e2e-" });
  // One worker: jobs run one at a time, so a run posted behind a build waits QUEUED.
  const [srv] = await Promise.all([
    startServer(dir, ["--no-demo", "--workers", "1"]),
    generateSynthetic({
      symbol: "AAPL",
      from: "2023-01-01",
      to: "2023-12-31",
      seed: 7,
      outDir: join(dir, "raw", "dbn", "AAPL"),
      tradesPerDay: 500,
    }),
  ]);
  try {
    let aapl = "";
    let aaplDataset = "";
    await t.step("seed 000's body builds AAPL 2023 from local DBN files and runs", async () => {
      const r = await call(srv, "POST", "/backtests", SEED_000);
      assert.equal(r.status, 202, JSON.stringify(r.body));
      aapl = r.body.run_id;
      assert.deepEqual(r.body, { run_id: aapl, run_hash: aapl, status: "QUEUED" });
      assert.equal(r.headers.get("location"), `/backtests/${aapl}`);
      const run = await finished(srv, aapl);
      assert.equal(run.status, "DONE", run.error);
      assert.equal(run.symbol, "AAPL");
      assert.deepEqual(run.params, { fast: 20, slow: 50, allow_short: false });
      assert.equal(run.seed, 42);
      assert.equal(run.speed, 60);
      assert.deepEqual(run.slippage_fees, {
        fees_bps: 1,
        slippage: { model: "k_spread", k: 0.5 },
        borrow_bps: 0,
      });
      aaplDataset = run.dataset_id;
      assert.match(aaplDataset, /^AAPL-2023-01-01-2023-12-31-dbn-[0-9a-f]{8}$/);
      const ds = await call(srv, "GET", `/datasets/${aaplDataset}`);
      // 250 sessions in 2023, two of them early closes (Jul 3, Nov 24) of 210 minutes.
      assert.equal(ds.body.bar_count, 248 * 390 + 2 * 210);
    });

    await t.step("the run's artifacts are listed and downloadable", async () => {
      const m = await call(srv, "GET", `/backtests/${aapl}/artifacts`);
      assert.equal(m.status, 200);
      assert.deepEqual(m.body.files.map((f: { name: string }) => f.name), [
        "equity.parquet",
        "fills.parquet",
        "metrics.json",
        "orders.parquet",
        "run-manifest.json",
        "trades.parquet",
        "validation_summary.json",
      ]);
      for (const f of m.body.files) {
        const res = await fetch(srv.url + f.url);
        assert.equal(res.status, 200);
        assert.equal(sha256Hex(new Uint8Array(await res.arrayBuffer())), f.sha256, f.name);
      }
      const page = await call(
        srv,
        "GET",
        `/runs/${aapl}/artifact/equity.parquet?format=json&offset=390&limit=2`,
      );
      assert.equal(page.status, 200);
      assert.equal(page.body.total, 248 * 390 + 2 * 210);
      assert.deepEqual(page.body.rows.map((r: unknown[]) => r[0]), [
        "2023-01-04T14:30:00.000Z",
        "2023-01-04T14:31:00.000Z",
      ]);
    });

    await t.step("artifact names never reach outside the run folder", async () => {
      for (
        const path of [
          `/backtests/${aapl}/artifacts/..%2F..%2Fcatalog.sqlite`,
          `/backtests/${aapl}/artifacts/../../catalog.sqlite`,
          `/backtests/${aapl}/artifacts/%2e%2e/%2e%2e/catalog.sqlite`,
          `/backtests/${aapl}/artifacts/%2Fetc%2Fpasswd`,
        ]
      ) {
        const answer = await rawGet(srv, path);
        const status = Number(answer.split(" ")[1]);
        assert.ok(status === 400 || status === 404, `${path}: ${answer.slice(0, 200)}`);
        assert.doesNotMatch(answer, /SQLite format|root:/);
        assert.match(answer, /"error":\{"code":"[A-Z_]+","message":/);
      }
    });

    await t.step("repeating a POST answers 200 EXISTS with the same run", async () => {
      const r = await call(srv, "POST", "/backtests", SEED_000);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { run_id: aapl, run_hash: aapl, status: "EXISTS" });
    });

    await t.step("the config GET /backtests/{id} returns posts back to the same run", async () => {
      const run = await call(srv, "GET", `/backtests/${aapl}`);
      const config = run.body.config;
      // snake_case throughout: what the API returns is what it accepts.
      assert.deepEqual(Object.keys(config.execution).sort(), [
        "allow_short",
        "auto_flatten",
        "borrow_bps",
        "fees_bps",
        "fill_price",
        "slippage",
      ]);
      const again = await call(srv, "POST", "/backtests", JSON.stringify(config));
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual(again.body, { run_id: aapl, run_hash: aapl, status: "EXISTS" });
    });

    let crowd = "";
    await t.step("10 concurrent identical POSTs create exactly one run", async () => {
      const body = JSON.stringify({
        symbol: "TEST",
        from: "2024-03-04",
        to: "2024-03-05",
        strategy_id: "dual_sma",
        params: { fast: 5, slow: 15 },
      });
      const replies = await Promise.all(
        Array.from({ length: 10 }, () => call(srv, "POST", "/backtests", body)),
      );
      const ids = new Set(replies.map((r) => r.body.run_id));
      assert.equal(ids.size, 1, JSON.stringify(replies.map((r) => r.body)));
      crowd = [...ids][0];
      assert.deepEqual(replies.map((r) => r.status).sort(), [
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        200,
        202,
      ]);
      const list = await call(srv, "GET", "/backtests?strategy_id=dual_sma&symbol=TEST");
      assert.equal(list.body.total, 1);
      assert.equal((await finished(srv, crowd)).status, "DONE");
    });

    await t.step("an Idempotency-Key reused with another body answers 409", async () => {
      const body = (fast: number) =>
        JSON.stringify({
          dataset_id: aaplDataset,
          strategy_id: "sma_crossover",
          params: { fast, slow: 60 },
        });
      const a = await call(srv, "POST", "/runs", body(10), { "Idempotency-Key": "same-key" });
      assert.equal(a.status, 202);
      const b = await call(srv, "POST", "/runs", body(11), { "X-Idempotency-Key": "same-key" });
      assert.equal(b.status, 409);
      assert.equal(b.body.error.code, "IDEMPOTENCY_KEY_REUSED");
      assert.equal(b.body.error.details.run_id, a.body.run_id);
      // The same body under the same key is a retry: the first run.
      const c = await call(srv, "POST", "/runs", body(10), { "X-Idempotency-Key": "same-key" });
      assert.equal(c.status, 200);
      assert.deepEqual(c.body, {
        run_id: a.body.run_id,
        run_hash: a.body.run_id,
        status: "EXISTS",
      });
      assert.equal((await finished(srv, a.body.run_id)).status, "DONE");
    });

    let repro = "";
    await t.step(
      "seed 004's reproducibility payload runs and repeats to the same run_hash",
      async () => {
        const first = await call(srv, "POST", "/runs", SEED_004_RUN);
        assert.equal(first.status, 202, JSON.stringify(first.body));
        repro = first.body.run_hash;
        const run = await finished(srv, repro);
        assert.equal(run.status, "DONE", run.error);
        assert.deepEqual(run.config.validation, { permutation: { trials: 3 } });
        assert.deepEqual(run.config.risk, { model: "fixed_fraction", fraction: 0.1 });
        const again = await call(srv, "POST", "/runs", SEED_004_RUN);
        assert.equal(again.status, 200);
        assert.equal(again.body.run_hash, repro);
        assert.equal(again.body.status, "EXISTS");
        const arts = await call(srv, "GET", `/runs/${repro}/artifacts`);
        assert.equal(arts.body.run_id, repro);
      },
    );

    await t.step("seed 004's preset is stored idempotently and its config runs", async () => {
      const a = await call(srv, "POST", "/presets", SEED_004_PRESET);
      assert.equal(a.status, 201, JSON.stringify(a.body));
      const b = await call(srv, "POST", "/presets", SEED_004_PRESET);
      assert.equal(b.status, 200);
      assert.deepEqual(b.body, a.body);
      const got = await call(srv, "GET", `/presets/${a.body.preset_id}`);
      assert.deepEqual(got.body, a.body);
      assert.equal((await call(srv, "GET", "/presets")).body.total, 1);
      const run = await call(srv, "POST", "/runs", JSON.stringify(a.body.config));
      assert.equal(run.status, 202, JSON.stringify(run.body));
      const done = await finished(srv, run.body.run_id);
      assert.equal(done.status, "DONE", done.error);
      assert.equal(done.strategy_id, "dual_sma");
      const del = await call(srv, "DELETE", "/presets/dual_sma_default");
      assert.equal(del.status, 204);
      assert.equal((await call(srv, "GET", `/presets/${a.body.preset_id}`)).status, 404);
    });

    await t.step("GET /backtests filters, orders and pages over HTTP", async () => {
      const all = await call(srv, "GET", "/backtests?limit=1000");
      assert.equal(all.body.total, 5);
      const bySharpe = [...all.body.items]
        .sort((a, b) => (b.metrics.sharpe ?? -Infinity) - (a.metrics.sharpe ?? -Infinity))
        .map((r) => r.run_id);
      const ordered = await call(srv, "GET", "/backtests?order=-sharpe&limit=2&offset=1");
      assert.deepEqual(
        ordered.body.items.map((r: { run_id: string }) => r.run_id),
        bySharpe.slice(1, 3),
      );
      assert.deepEqual([ordered.body.total, ordered.body.limit, ordered.body.offset], [5, 2, 1]);
      const aaplRuns = await call(srv, "GET", "/runs?symbol=AAPL&from=2023-06-01&to=2023-06-30");
      assert.equal(aaplRuns.body.total, 2);
      assert.equal((await call(srv, "GET", "/backtests?from=2024-01-03")).body.total, 1);
      assert.equal((await call(srv, "GET", "/backtests?status=ERROR")).body.total, 0);
      const bad = await call(srv, "GET", "/backtests?limit=5000");
      assert.equal(bad.status, 422);
      assert.equal(bad.body.error.message, "query.limit: Too big: expected number to be <=1000");
    });

    await t.step("a run queued behind a build is cancelled", async () => {
      const build = await call(
        srv,
        "POST",
        "/datasets",
        JSON.stringify({ symbol: "TEST", from: "2024-02-01", to: "2024-02-09" }),
      );
      assert.equal(build.status, 202);
      const r = await call(
        srv,
        "POST",
        "/backtests",
        JSON.stringify({
          dataset_id: aaplDataset,
          strategy_id: "dual_sma",
          risk: { model: "kelly_fraction" },
        }),
      );
      assert.equal(r.status, 202);
      const c = await call(srv, "POST", `/backtests/${r.body.run_id}/cancel`);
      assert.equal(c.status, 200);
      assert.equal(c.body.status, "CANCELLED");
      const again = await call(srv, "POST", `/backtests/${r.body.run_id}/cancel`);
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, "RUN_FINISHED");
      assert.equal(
        (await call(srv, "GET", `/backtests/${r.body.run_id}`)).body.status,
        "CANCELLED",
      );
    });

    await t.step("DELETE removes a run and its folder", async () => {
      const folder = join(dir, "backtests", crowd);
      assert.ok((await Deno.stat(folder)).isDirectory);
      assert.equal((await call(srv, "DELETE", `/backtests/${crowd}`)).status, 204);
      assert.equal((await call(srv, "GET", `/backtests/${crowd}`)).status, 404);
      await assert.rejects(Deno.stat(folder), Deno.errors.NotFound);
    });

    await t.step("candles, features and strategies serve the AAPL dataset", async () => {
      const candles = await call(
        srv,
        "GET",
        `/candles?dataset_id=${aaplDataset}&from=2023-03-01&to=2023-03-01&limit=2`,
      );
      assert.equal(candles.status, 200);
      assert.equal(candles.body.total, 390);
      assert.deepEqual(candles.body.items.map((c: { time: number }) => c.time), [
        1677681000,
        1677681060,
      ]);
      const features = await call(
        srv,
        "GET",
        `/features?dataset_id=${aaplDataset}&name=sma&window=20&limit=21`,
      );
      assert.equal(features.status, 200);
      const values = features.body.items.map((p: { value: number | null }) => p.value);
      assert.deepEqual(values.slice(0, 20), new Array(20).fill(null));
      assert.equal(typeof values[20], "number");
      const strategies = await call(srv, "GET", "/strategies");
      assert.deepEqual(strategies.body.items.map((s: { id: string }) => s.id), [
        "dual_sma",
        "sma_crossover",
      ]);
    });
  } finally {
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});
