/**
 * End-to-end spec of an accepted dataset job across a crash: `hewston serve` is killed with
 * SIGKILL while it builds the DEMO year; after the restart the job's event stream ends with
 * an `error` event (INTERRUPTED) instead of heartbeating forever, and the dataset row is
 * ERROR, not BUILDING.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { DEMO_SPEC } from "../src/market/build_dataset.ts";
import { datasetJobId } from "../src/services/datasets/dataset_service.ts";
import { startServer } from "./_server.ts";

Deno.test("a dataset job killed mid-build ends visibly after the restart", async () => {
  const dir = await Deno.makeTempDir();
  const job = datasetJobId(DEMO_SPEC);
  const first = await startServer(dir, ["--workers", "1"]);
  try {
    const deadline = Date.now() + 30_000;
    while (!first.output().includes(`"run_id":"${job}"`)) {
      if (Date.now() > deadline) throw new Error("the DEMO build never started");
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await first.kill();
  }
  const second = await startServer(dir, ["--no-demo", "--workers", "1"]);
  try {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 15_000);
    const res = await fetch(`${second.url}/backtests/${job}/events/stream?heartbeat=1`, {
      signal: ac.signal,
    });
    const text = await res.text();
    clearTimeout(timer);
    const frames = text.split("\n\n").filter((f) => f && !f.startsWith("event: heartbeat"));
    const last = frames.at(-1)!;
    assert.match(last, /^id: \d+\nevent: error\ndata: /);
    assert.match(last, /"code":"INTERRUPTED"/);
  } finally {
    await second.stop();
  }
  const db = new DatabaseSync(join(dir, "catalog.sqlite"), { readOnly: true });
  try {
    const rows = db.prepare("SELECT status FROM datasets WHERE symbol = 'DEMO'").all();
    assert.ok(rows.every((r) => (r as { status: string }).status !== "BUILDING"));
  } finally {
    db.close();
  }
  await Deno.remove(dir, { recursive: true });
});
