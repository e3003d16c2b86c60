import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { SqliteCatalog } from "./catalog_sqlite.ts";
import { SqliteEvents } from "./events_sqlite.ts";
import { MIGRATIONS } from "./migrations.ts";

Deno.test("migration 6 rebuilds the events table for `deleted` without ever giving an old id again", async () => {
  const file = join(await Deno.makeTempDir(), "catalog.sqlite");
  // A catalog as version 5 left it, whose newest events were pruned.
  const db = new DatabaseSync(file);
  for (const m of MIGRATIONS.filter((m) => m.version <= 5)) db.exec(m.sql);
  db.exec("PRAGMA user_version = 5");
  const insert = db.prepare(
    "INSERT INTO events (run_id, kind, stage, data_json, created_at) VALUES (?,?,?,?,?)",
  );
  for (const kind of ["stage", "done", "stage"]) insert.run("r1", kind, "s", "{}", "t");
  db.exec("DELETE FROM events WHERE event_id = 3");
  assert.throws(() => insert.run("r1", "deleted", "deleted", "{}", "t"), /CHECK/);
  db.close();

  const cat = new SqliteCatalog(file);
  try {
    assert.equal(cat.schemaVersion(), MIGRATIONS.at(-1)!.version); // 6 and every later one
    const events = new SqliteEvents(cat.db);
    assert.deepEqual(events.afterAll(0).map((e) => [e.id, e.kind]), [[1, "stage"], [2, "done"]]);
    const e = events.append("r1", "deleted", "deleted", { status: "DELETED" });
    assert.equal(e.id, 4);
    assert.equal(events.newestId(), 4);
    assert.equal(events.latest("r1")?.kind, "deleted");
    const plan = cat.db.prepare(
      "EXPLAIN QUERY PLAN SELECT * FROM events WHERE run_id = 'r1' AND event_id > 0",
    ).all().map((r) => String((r as { detail: string }).detail)).join(" ");
    assert.match(plan, /idx_events_run/);
  } finally {
    cat.close();
  }
});

Deno.test("SqliteEvents.onAppend() tells readers after the writing transaction, so a rolled-back append is never read", async () => {
  const cat = new SqliteCatalog(":memory:");
  const events = new SqliteEvents(cat.db);
  const seen: number[][] = [];
  const stop = events.onAppend(() => seen.push(events.afterAll(0).map((e) => e.id)));
  try {
    cat.db.exec("BEGIN IMMEDIATE");
    events.append("r1", "stage", "queued");
    cat.db.exec("ROLLBACK");
    cat.db.exec("BEGIN IMMEDIATE");
    events.append("r1", "stage", "queued");
    events.append("r2", "stage", "queued");
    cat.db.exec("COMMIT");
    // Both transactions ran in one task: one call, after both, sees the committed rows.
    await Promise.resolve();
    assert.deepEqual(seen, [[1, 2]]);
    assert.deepEqual(events.afterAll(0).map((e) => e.runId), ["r1", "r2"]);
    stop();
    events.append("r3", "stage", "queued");
    await Promise.resolve();
    assert.equal(seen.length, 1);
  } finally {
    cat.close();
  }
});
