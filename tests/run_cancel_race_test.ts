/**
 * End-to-end spec of cancel and delete racing a worker that is writing a run's artifacts:
 * each of 16 runs on a real `hewston serve` is cancelled or deleted the moment its events
 * stream reports the `artifacts` stage. Afterwards no `<id>.building` folder is left, a
 * deleted run has no folder, and a cancelled run published nothing. A server restart sweeps
 * `.building` folders and folders without a run row that an earlier race left behind.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { SseReader } from "../src/api/testing/test_app.ts";
import { hewston } from "./_hewston.ts";
import { startServer } from "./_server.ts";

const JSON_TYPE = { "Content-Type": "application/json" };
const RUNS = 16;

async function entries(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

/** Reads the stream until the `artifacts` stage (or the end); true if it was seen. */
async function untilArtifacts(r: SseReader): Promise<boolean> {
  for (;;) {
    const [frame] = await r.events(1);
    if (frame === undefined) return false;
    if (/"stage":"artifacts"/.test(frame)) return true;
  }
}

Deno.test("cancel and delete racing a worker's artifact writes leave no .building folder", async () => {
  const dir = await Deno.makeTempDir();
  const data = await hewston(
    ["data", "--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-29", "--synthetic"],
    { dataDir: dir },
  );
  assert.equal(data.code, 0, data.stderr);
  const srv = await startServer(dir, ["--no-demo", "--workers", "2"]);
  const cancelled: string[] = [];
  const deleted: string[] = [];
  let caught = 0;
  try {
    await Promise.all(Array.from({ length: RUNS }, async (_, i) => {
      const post = await fetch(`${srv.url}/backtests`, {
        method: "POST",
        headers: JSON_TYPE,
        body: JSON.stringify({
          symbol: "TEST",
          from: "2024-03-04",
          to: "2024-03-29",
          strategy_id: "sma_crossover",
          params: { fast: 2 + i, slow: 40 },
          validation: { permutation: { trials: 20 } },
        }),
      });
      assert.equal(post.status, 202);
      const id = (await post.json()).run_id;
      const stream = await fetch(`${srv.url}/backtests/${id}/events/stream?heartbeat=1`);
      const reader = new SseReader(stream.body!);
      if (await untilArtifacts(reader)) caught++;
      const res = i % 2 === 0
        ? await fetch(`${srv.url}/backtests/${id}/cancel`, { method: "POST", headers: JSON_TYPE })
        : await fetch(`${srv.url}/backtests/${id}`, { method: "DELETE" });
      await res.body?.cancel();
      await reader.cancel();
      // A run that finished first answers 409 to the cancel; that race is fine too.
      if (res.status === 200 && i % 2 === 0) cancelled.push(id);
      if (res.status === 204 || (res.status === 200 && i % 2 === 1)) deleted.push(id);
    }));
    assert.ok(caught > RUNS / 2, `only ${caught} of ${RUNS} runs were caught in artifacts`);
    // The sweep looks again 500 ms after each cancel or delete.
    await new Promise((r) => setTimeout(r, 1500));
    const left = await entries(join(dir, "backtests"));
    assert.deepEqual(left.filter((n) => n.endsWith(".building")), []);
    for (const id of deleted) assert.ok(!left.includes(id), `deleted run ${id} has a folder`);
    for (const id of cancelled) {
      const run = await (await fetch(`${srv.url}/backtests/${id}`)).json();
      assert.equal(run.status, "CANCELLED", `${id}: ${run.error}`);
      assert.ok(!left.includes(id), `cancelled run ${id} published a folder`);
    }
  } finally {
    await srv.stop();
  }

  // Leftovers of an older race (or a crash) are swept at the next start.
  await Deno.mkdir(join(dir, "backtests", "0123456789abcdef.building", "x"), { recursive: true });
  await Deno.mkdir(join(dir, "backtests", "fedcba9876543210"), { recursive: true });
  const again = await startServer(dir, ["--no-demo", "--workers", "1"]);
  await again.stop();
  const after = await entries(join(dir, "backtests"));
  assert.ok(!after.includes("0123456789abcdef.building"), after.join(" "));
  assert.ok(!after.includes("fedcba9876543210"), after.join(" "));
  await Deno.remove(dir, { recursive: true });
});
