/**
 * End-to-end specs of `hewston serve`: the real launcher on a random 127.0.0.1 port.
 */
import assert from "node:assert/strict";
import { REPO } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

Deno.test("hewston serve answers /healthz and /health on loopback", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo"]);
  try {
    assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const path of ["/healthz", "/health"]) {
      const res = await fetch(srv.url + path);
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.equal(body.status, "ok");
      assert.equal(body.demo, "absent");
    }
    const missing = await fetch(srv.url + "/nope");
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), {
      error: { code: "NOT_FOUND", message: "no route GET /nope" },
    });
    // The served OpenAPI document names the address actually bound (a random port here).
    const doc = await (await fetch(srv.url + "/openapi.json")).json();
    assert.deepEqual(doc.servers, [{ url: srv.url }]);
    const ds = await fetch(srv.url + "/datasets/unknown");
    assert.equal(ds.status, 404);
    assert.equal((await ds.json()).error.code, "DATASET_NOT_FOUND");
  } finally {
    await srv.stop();
  }
});

Deno.test("hewston serve builds the DEMO dataset and the DEMO run on first start", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir);
  try {
    let health = await (await fetch(srv.url + "/healthz")).json();
    const deadline = Date.now() + 120_000;
    while (health.demo === "building" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      health = await (await fetch(srv.url + "/healthz")).json();
    }
    assert.equal(health.demo, "ready", JSON.stringify(health));
    const list = await (await fetch(srv.url + "/datasets")).json();
    assert.equal(list.items.length, 1);
    const demo = list.items[0];
    assert.equal(demo.symbol, "DEMO");
    assert.equal(demo.status, "READY");
    assert.equal(demo.from_date, "2024-01-01");
    assert.equal(demo.to_date, "2024-12-31");
    // 2024 has 252 trading days; three early closes (Jul 3, Nov 29, Dec 24) of 210 minutes.
    assert.equal(demo.bar_count, 249 * 390 + 3 * 210);
    // Beside it, the DEMO run: sma_crossover 20/50, the reference costs, a validation block.
    let runs = await (await fetch(srv.url + "/backtests")).json();
    while (runs.items.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      runs = await (await fetch(srv.url + "/backtests")).json();
    }
    assert.equal(runs.items.length, 1);
    const run = await (await fetch(srv.url + runs.items[0].url)).json();
    assert.equal(run.dataset_id, demo.dataset_id);
    assert.equal(run.strategy_id, "sma_crossover");
    assert.deepEqual(run.params, { fast: 20, slow: 50, allow_short: false });
    assert.deepEqual(run.slippage_fees, {
      fees_bps: 1,
      slippage: { model: "k_spread", k: 0.5 },
      borrow_bps: 0,
    });
    assert.deepEqual(Object.keys(run.config.validation).sort(), [
      "bootstrap",
      "monte_carlo",
      "permutation",
      "walk_forward",
    ]);
  } finally {
    await srv.stop();
  }
});

Deno.test("hewston serve refuses a non-loopback address without a token", async () => {
  const dir = await tempDir();
  const out = await new Deno.Command(`${REPO}/hewston`, {
    args: ["serve", "--host", "0.0.0.0", "--port", "0", "--no-demo"],
    env: { HEWSTON_DATA_DIR: dir, HEWSTON_TOKEN: "" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 1);
  assert.match(
    new TextDecoder().decode(out.stderr),
    /^hewston: refusing to bind 0\.0\.0\.0 without a token/,
  );
});

Deno.test("hewston serve prints only JSON log lines on stdout, the URL and finished dataset jobs included", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo"]);
  let stdout = "";
  let jobId = "";
  try {
    const res = await fetch(srv.url + "/datasets", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        symbol: "TEST",
        from: "2024-01-02",
        to: "2024-01-03",
        source: { kind: "synthetic", seed: 1 },
      }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    jobId = (await res.json()).job_id;
    const deadline = Date.now() + 60_000;
    while (!srv.output().includes('"msg":"dataset job done"') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await srv.stop();
    stdout = srv.output();
  }
  const lines = stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  const serving = lines.find((l) => l.msg === "serving");
  assert.equal(serving.url, srv.url);
  assert.equal(serving.level, "info");
  assert.equal(serving.data_dir, dir);
  const done = lines.find((l) => l.msg === "dataset job done");
  assert.ok(done, stdout);
  assert.equal(done.job_id, jobId);
  assert.match(done.dataset_id, /^TEST/);
  assert.equal(done.bars, 2 * 390);
});
