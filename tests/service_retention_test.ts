/**
 * End-to-end specs of retention: `hewston serve --keep N` removes the oldest finished runs
 * whole (rows, events, folder) after each run and at start-up, and `hewston prune` does the
 * same offline.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { hewston } from "./_hewston.ts";
import { type Server, startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

function count(dataDir: string, sql: string, ...args: string[]): number {
  const db = new DatabaseSync(join(dataDir, "catalog.sqlite"), { readOnly: true });
  try {
    return Number((db.prepare(sql).get(...args) as { n: number }).n);
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

/** Submits a run and waits (through its event stream) until it has finished. */
async function runToEnd(srv: Server, slow: number): Promise<string> {
  const post = await fetch(`${srv.url}/backtests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      symbol: "TEST",
      from: "2024-03-04",
      to: "2024-03-08",
      strategy_id: "sma_crossover",
      params: { fast: 10, slow },
    }),
  });
  assert.equal(post.status, 202);
  const { run_id: runId } = await post.json();
  const events = await (await fetch(`${srv.url}/backtests/${runId}/events/stream`)).text();
  assert.match(events, /\nevent: done\n[^\n]+"status":"DONE"/);
  return runId;
}

async function until(cond: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

Deno.test("hewston serve --keep 2 removes the oldest finished run whole when a third finishes, and prune --keep 0 removes the rest", async () => {
  const dir = await tempDir();
  let srv = await startServer(dir, ["--no-demo", "--keep", "2"]);
  const ids: string[] = [];
  try {
    for (const slow of [30, 31, 32]) ids.push(await runToEnd(srv, slow));
    const [oldest, middle, newest] = ids;
    // Rows go in one transaction, then the folder: wait for both before asserting.
    await until(
      async () =>
        (await fetch(`${srv.url}/backtests/${oldest}`)).status === 404 &&
        !(await exists(join(dir, "backtests", oldest))),
      "the oldest run to be pruned",
    );
    assert.equal((await fetch(`${srv.url}/backtests/${oldest}/events`)).status, 404);
    assert.equal(count(dir, "SELECT count(*) AS n FROM runs"), 2);
    assert.equal(count(dir, "SELECT count(*) AS n FROM run_metrics"), 2);
    // Only the event that tells live lists it was deleted is left of its log.
    assert.equal(
      count(dir, "SELECT count(*) AS n FROM events WHERE run_id = ? AND kind <> 'deleted'", oldest),
      0,
    );
    assert.equal(count(dir, "SELECT count(*) AS n FROM events WHERE run_id = ?", oldest), 1);
    assert.ok(count(dir, "SELECT count(*) AS n FROM events WHERE run_id = ?", newest) > 0);
    assert.equal(await exists(join(dir, "backtests", oldest)), false);
    assert.equal(await exists(join(dir, "backtests", middle, "manifest.json")), true);
    assert.equal(await exists(join(dir, "backtests", newest, "manifest.json")), true);
  } finally {
    await srv.stop();
  }
  // Read once the server has exited: stdout arrives asynchronously.
  assert.match(srv.output(), /"msg":"retention","removed":1,"keep":2/);

  // A lower --keep applies at start-up, before the server answers.
  srv = await startServer(dir, ["--no-demo", "--keep", "1"]);
  try {
    assert.equal((await fetch(`${srv.url}/backtests/${ids[1]}`)).status, 404);
    assert.equal((await fetch(`${srv.url}/backtests/${ids[2]}`)).status, 200);
  } finally {
    await srv.stop();
  }
  assert.equal(await exists(join(dir, "backtests", ids[1])), false);

  const dry = await hewston(["prune", "--keep", "0", "--dry-run"], { dataDir: dir });
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(
    dry.stdout,
    `would remove ${ids[2]}\nwould remove 1 run; 0 finished would stay (keep 0)\n`,
  );
  assert.equal(await exists(join(dir, "backtests", ids[2])), true);

  const out = await hewston(["prune", "--keep", "0", "--json"], { dataDir: dir });
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), {
    keep: 0,
    removed: [ids[2]],
    kept: 0,
    dry_run: false,
  });
  assert.equal(count(dir, "SELECT count(*) AS n FROM runs"), 0);
  assert.equal(
    count(dir, "SELECT count(*) AS n FROM events WHERE run_id = ? AND kind <> 'deleted'", ids[2]),
    0,
  );
  assert.equal(count(dir, "SELECT count(*) AS n FROM events WHERE run_id = ?", ids[2]), 1);
  assert.equal(await exists(join(dir, "backtests", ids[2])), false);
  // Datasets stay: retention is about runs.
  assert.equal(count(dir, "SELECT count(*) AS n FROM datasets WHERE status = 'READY'"), 1);

  const again = await hewston(["prune", "--keep", "0"], { dataDir: dir });
  assert.equal(again.stdout, "removed 0 runs; 0 finished kept (keep 0)\n");
  const bad = await hewston(["prune", "--keep=-1"], { dataDir: dir });
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr,
    'hewston: --keep must be a whole number from 0 to 1000000, got "-1" (see hewston prune --help)\n',
  );
});
