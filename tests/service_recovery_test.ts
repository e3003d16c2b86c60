/**
 * End-to-end spec of start-up recovery for queued work: `hewston serve` is killed (SIGKILL)
 * while a run waits behind the DEMO dataset build on a one-worker pool; the next start
 * re-queues the run, which then finishes, and leaves no dataset BUILDING.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

function query<T>(dataDir: string, sql: string, ...args: string[]): T[] {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return db.prepare(sql).all(...args).map((r) => ({ ...r })) as T[];
  } finally {
    db.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

function runBody(slow: number): string {
  return JSON.stringify({
    symbol: "TEST",
    from: "2024-03-04",
    to: "2024-03-08",
    strategy_id: "sma_crossover",
    params: { fast: 10, slow },
  });
}

Deno.test("hewston serve re-queues a run that was QUEUED when the server was killed, and it finishes", async () => {
  const dir = await tempDir();
  const json = { "Content-Type": "application/json" };
  // First life: build the TEST dataset through one run.
  let srv = await startServer(dir, ["--no-demo"]);
  try {
    const first = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: json,
      body: runBody(30),
    });
    const id = (await first.json()).run_id;
    assert.match(
      await (await fetch(`${srv.url}/backtests/${id}/events/stream`)).text(),
      /event: done/,
    );
  } finally {
    await srv.stop();
  }

  // Second life: the one worker is busy with the DEMO build (seconds), so the run waits.
  srv = await startServer(dir, ["--workers", "1"]);
  let runId: string;
  try {
    const post = await fetch(`${srv.url}/backtests`, {
      method: "POST",
      headers: json,
      body: runBody(40),
    });
    assert.equal(post.status, 202);
    runId = (await post.json()).run_id;
    const health = await (await fetch(`${srv.url}/healthz`)).json();
    assert.equal(health.demo, "building");
    assert.deepEqual(health.pool, { workers: 1, alive: 1, queued: 1, running: 1 });
    assert.deepEqual(health.runs, { queued: 1, running: 0 });
  } finally {
    await srv.kill();
  }
  assert.deepEqual(query(dir, "SELECT status FROM runs WHERE run_id = ?", runId), [{
    status: "QUEUED",
  }]);

  // Third life: recovery schedules the run again before the server answers.
  srv = await startServer(dir, ["--no-demo"]);
  try {
    const events = await (await fetch(`${srv.url}/backtests/${runId}/events/stream`)).text();
    const kinds = [...events.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    assert.equal(kinds[0], "stage");
    assert.equal(kinds.at(-1), "done");
    assert.ok(!kinds.includes("error"), events);
    assert.match(events, /"stage":"queued","ts":"[^"]+","status":"QUEUED"\}\n\n/);
    assert.match(events, /"stage":"load"/);
    const run = await (await fetch(`${srv.url}/backtests/${runId}`)).json();
    assert.equal(run.status, "DONE");
    assert.equal(await exists(join(dir, "backtests", runId, "manifest.json")), true);
    assert.equal(await exists(join(dir, "backtests", `${runId}.building`)), false);
    // The interrupted DEMO build left nothing BUILDING: its row (if it got one) is ERROR.
    assert.deepEqual(query(dir, "SELECT dataset_id FROM datasets WHERE status = 'BUILDING'"), []);
    for (
      const d of query<{ dataset_id: string; error: string }>(
        dir,
        "SELECT dataset_id, error FROM datasets WHERE symbol = 'DEMO'",
      )
    ) {
      assert.equal(d.error, "interrupted: the server stopped during the build");
      assert.equal(await exists(join(dir, "derived", "bars", `${d.dataset_id}.building`)), false);
    }
  } finally {
    await srv.stop();
  }
  assert.match(srv.output(), /"msg":"recovered","failed":0,"requeued":1\}/);
});
