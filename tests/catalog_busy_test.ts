/**
 * End-to-end spec of a busy catalog: a real second process holds SQLite's write lock for
 * 6 s while `hewston serve` builds a dataset. The server stays up, answers writes with 503
 * CATALOG_BUSY and Retry-After at once (not after a 5 s stall), keeps answering reads, and
 * once the lock is gone the build's queued progress events are written, its stream ends with
 * `done`, and a new run goes through.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SseReader } from "../src/api/testing/test_app.ts";
import { hewston } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { holdCatalogLock } from "./testing/catalog_lock.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const RUN = {
  symbol: "TEST",
  from: "2024-03-04",
  to: "2024-03-08",
  strategy_id: "sma_crossover",
  params: { fast: 5, slow: 20 },
};

Deno.test("hewston serve survives another process holding the catalog's write lock, answering 503 CATALOG_BUSY", async () => {
  const dir = await Deno.makeTempDir();
  const data = await hewston(
    ["data", "--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-08", "--synthetic"],
    { dataDir: dir },
  );
  assert.equal(data.code, 0, data.stderr);
  const srv = await startServer(dir, ["--no-demo", "--workers", "1"]);
  try {
    const lock = await holdCatalogLock(join(dir, "catalog.sqlite"), 6000);
    // A build whose progress and status writes all meet the lock.
    const build = await fetch(`${srv.url}/datasets`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify({
        symbol: "TEST",
        from: "2024-04-01",
        to: "2024-04-12",
        source: { kind: "synthetic", seed: 5 },
      }),
    });
    assert.equal(build.status, 202);
    const job = (await build.json()).job_id;

    const t0 = performance.now();
    const refused = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify(RUN),
    });
    const waited = performance.now() - t0;
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get("retry-after"), "1");
    const body = await refused.json();
    assert.equal(body.error.code, "CATALOG_BUSY");
    assert.equal(body.error.message, "the catalog is locked by another process; retry in 1 s");
    // The old behaviour was a 5 s stall of the whole server, then 500.
    assert.ok(waited < 3000, `the refusal took ${waited.toFixed(0)} ms`);
    for (const path of ["/healthz", "/backtests", "/datasets"]) {
      const r = await fetch(srv.url + path);
      assert.equal(r.status, 200, path);
      await r.body?.cancel();
    }

    assert.equal((await lock.status).code, 0);
    assert.match(await lock.output(), /released/);
    // The build finishes and its stream ends with the terminal event.
    const stream = await fetch(`${srv.url}/backtests/${job}/events/stream?heartbeat=1`);
    const text = await new SseReader(stream.body!).rest();
    const kinds = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1])
      .filter((k) => k !== "heartbeat");
    assert.equal(kinds.at(-1), "done", text.slice(-500) + srv.output().slice(-3000));
    assert.ok(kinds.includes("progress") || kinds.includes("stage"), text.slice(0, 500));

    const run = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: JSON_TYPE,
      body: JSON.stringify(RUN),
    });
    assert.equal(run.status, 202);
    const id = (await run.json()).run_id;
    const events = await fetch(`${srv.url}/backtests/${id}/events/stream`);
    const runText = await new SseReader(events.body!).rest();
    assert.match(runText, /event: done\n/);
    assert.equal((await (await fetch(`${srv.url}/backtests/${id}`)).json()).status, "DONE");
  } finally {
    await srv.stop();
  }
  assert.doesNotMatch(srv.output(), /uncaught|"level":"error"/i);
  await Deno.remove(dir, { recursive: true });
});
