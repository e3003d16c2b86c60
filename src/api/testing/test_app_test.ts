/** Specs of the API test harness's own clean-up. */
import assert from "node:assert/strict";
import { testApp } from "./test_app.ts";

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

Deno.test("testApp().close() closes the catalog and removes the temp data dir, once", async () => {
  const t = await testApp();
  const root = t.dir.root;
  assert.ok(exists(root), "the data dir exists while the app is open");
  t.close();
  assert.equal(exists(root), false, `${root} is left behind`);
  assert.throws(() => t.deps.runs.getRun("x"), "the catalog is closed");
  t.close();
});
