import assert from "node:assert/strict";
import { resolve } from "node:path";
import { resolveDataDir, safeJoin } from "./data_dir.ts";

Deno.test("resolveDataDir() lays the folder out under the given path, ./data by default", () => {
  assert.equal(resolveDataDir("/tmp/h-flag").root, "/tmp/h-flag");
  assert.equal(resolveDataDir().root, resolve("data"));
  assert.equal(resolveDataDir("/tmp/x").catalog, "/tmp/x/catalog.sqlite");
});

Deno.test("safeJoin() refuses paths that leave the base folder", () => {
  assert.equal(safeJoin("/d", "raw", "a.dbn"), "/d/raw/a.dbn");
  assert.throws(() => safeJoin("/d", "../etc/passwd"), /escapes/);
  assert.throws(() => safeJoin("/d", "raw", "../../x"), /escapes/);
  // An absolute part is taken as relative to the base, never as the root.
  assert.equal(safeJoin("/d", "/etc/passwd"), "/d/etc/passwd");
  assert.throws(() => safeJoin("/d", "a\0b"), /escapes/);
});
