import assert from "node:assert/strict";
import { join } from "node:path";
import { resolveDataDir } from "./data_dir.ts";
import { openStore } from "./open_store.ts";

Deno.test("openStore() creates the data dir and opens one catalog file shared by every store", async () => {
  const root = join(await Deno.makeTempDir({ prefix: "hewston-store-" }), "data");
  const dir = resolveDataDir(root);
  const store = await openStore(dir);
  try {
    for (const p of [dir.raw, dir.derivedBars, dir.backtests, dir.tmp]) {
      assert.ok((await Deno.stat(p)).isDirectory, p);
    }
    assert.ok((await Deno.stat(dir.catalog)).isFile);
    assert.ok(store.catalog.schemaVersion() > 0);
    store.presets.create("p", { seed: 1 }, "2024-01-01T00:00:00.000Z");
  } finally {
    store.close();
  }
  // Reopened from the file: what one store wrote, a fresh store reads.
  const again = await openStore(dir);
  try {
    assert.equal(again.presets.get("p")?.name, "p");
    assert.equal(again.runs.getRun("missing"), null);
    assert.deepEqual(again.events.after("missing"), []);
  } finally {
    again.close();
    await Deno.remove(join(root, ".."), { recursive: true });
  }
});

Deno.test("openStore(':memory:') opens a throw-away catalog and close() ends it", async () => {
  const store = await openStore(":memory:");
  store.presets.create("q", { seed: 2 });
  assert.equal(store.presets.list().length, 1);
  store.close();
  assert.throws(() => store.presets.list());
});
