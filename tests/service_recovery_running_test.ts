/**
 * End-to-end spec of start-up recovery for a run killed mid-flight: `hewston serve` gets
 * SIGKILL as soon as the run reports its first engine stage (the row is RUNNING by then);
 * the next start marks it ERROR "interrupted…", appends the terminal event, and removes
 * the partial `<run_id>.building` folder.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SseReader } from "../src/api/testing/test_app.ts";
import { hewston } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

function statusOf(dataDir: string, runId: string): string {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return String(
      (db.prepare("SELECT status FROM runs WHERE run_id = ?").get(runId) as {
        status: string;
      }).status,
    );
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

Deno.test("hewston serve marks a run killed while RUNNING as ERROR interrupted and removes its partial folder", async () => {
  const dir = await tempDir();
  const data = await hewston(
    ["data", "--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-08", "--synthetic"],
    { dataDir: dir },
  );
  assert.equal(data.code, 0, data.stderr);

  // A fresh one-worker server runs the engine cold, so the run stays RUNNING for a few hundred
  // ms after its first stage: ample time for the kill. Should it finish first anyway (a very
  // fast machine), try again with another run.
  let runId = "";
  for (let attempt = 0; attempt < 3 && runId === ""; attempt++) {
    const srv = await startServer(dir, ["--no-demo", "--workers", "1"]);
    let id = "";
    try {
      const post = await fetch(`${srv.url}/backtests`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          symbol: "TEST",
          from: "2024-03-04",
          to: "2024-03-08",
          strategy_id: "sma_crossover",
          params: { fast: 10, slow: 30 + attempt },
        }),
      });
      assert.equal(post.status, 202);
      id = (await post.json()).run_id;
      const sse = new SseReader((await fetch(`${srv.url}/backtests/${id}/events/stream`)).body!);
      while (true) {
        const [f] = await sse.events(1);
        assert.ok(f !== undefined, "the stream ended before the run started");
        if (f.includes('"stage":"load"')) break;
      }
    } finally {
      await srv.kill();
    }
    if (statusOf(dir, id) === "RUNNING") runId = id;
  }
  assert.notEqual(runId, "", "the run finished before the kill three times");

  // The kill may land before the artifacts stage: plant the partial folder a later crash leaves.
  const partial = join(dir, "backtests", `${runId}.building`);
  await Deno.mkdir(partial, { recursive: true });
  await Deno.writeTextFile(join(partial, "equity.parquet"), "partial");

  const srv = await startServer(dir, ["--no-demo"]);
  try {
    const run = await (await fetch(`${srv.url}/backtests/${runId}`)).json();
    assert.equal(run.status, "ERROR");
    assert.equal(run.error, "interrupted: the server stopped during the run");
    assert.equal(await exists(partial), false);
    assert.equal(await exists(join(dir, "backtests", runId)), false);
    const events = await (await fetch(`${srv.url}/backtests/${runId}/events/stream`)).text();
    assert.match(
      events,
      /\nevent: error\ndata: \{"run_id":"[0-9a-f]+","event_id":\d+,"kind":"error","stage":"error","ts":"[^"]+","code":"INTERRUPTED","message":"the server stopped during the run"\}\n\n$/,
    );
  } finally {
    await srv.stop();
  }
  assert.match(srv.output(), /"msg":"recovered","failed":1,"requeued":0\}/);
});
