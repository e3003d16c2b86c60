/**
 * End-to-end specs of `hewston serve` starting while a real second process holds SQLite's
 * write lock on the catalog (`tests/testing/hold_catalog_lock.ts`, `BEGIN IMMEDIATE`): serve
 * waits with backoff and starts once the lock is gone; past `--catalog-wait` it gives up with
 * one line and exit 1, never a crash.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { hewston } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { holdCatalogLock } from "./testing/catalog_lock.ts";

Deno.test("hewston serve started on a catalog another process has locked waits for the lock, then serves", async () => {
  const dir = await Deno.makeTempDir();
  // A fresh data dir: creating the catalog's tables needs the write lock.
  // Held until serve says it waits (however long a loaded machine takes to get there).
  const lock = await holdCatalogLock(join(dir, "catalog.sqlite"), "stdin");
  const srv = await startServer(dir, ["--no-demo"], {}, (log) => {
    if (/"msg":"catalog locked by another process; waiting"/.test(log)) lock.release();
  }).catch((e) => {
    lock.kill();
    throw e;
  });
  try {
    assert.match(srv.output(), /"msg":"catalog locked by another process; waiting"/);
    const health = await fetch(`${srv.url}/healthz`);
    assert.equal(health.status, 200);
    assert.ok((await health.json()).catalog_schema_version >= 4);
    assert.equal((await lock.status).code, 0);
  } finally {
    lock.kill();
    await srv.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("hewston serve gives up past --catalog-wait with one line and exit 1, never a stack trace", async () => {
  const dir = await Deno.makeTempDir();
  const lock = await holdCatalogLock(join(dir, "catalog.sqlite"), 60_000);
  try {
    const t0 = performance.now();
    const r = await hewston(["serve", "--port", "0", "--no-demo", "--catalog-wait", "2"], {
      dataDir: dir,
    });
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(
      r.stderr.trim(),
      "hewston: the catalog is locked by another process; waited 2 s for it (serve --catalog-wait); stop that process or try again",
    );
    assert.ok(seconds >= 2, `gave up after ${seconds} s`);
    assert.match(r.stdout, /catalog locked by another process; waiting/);
  } finally {
    lock.kill();
    await lock.status;
    await Deno.remove(dir, { recursive: true });
  }
});
