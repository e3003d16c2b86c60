import assert from "node:assert/strict";
import { resolve } from "node:path";
import { resolveDataDir, safeJoin } from "./data_dir.ts";

Deno.test("resolveDataDir() prefers the flag, then HEWSTON_DATA_DIR, then ./data", () => {
  const env = (k: string) => (k === "HEWSTON_DATA_DIR" ? "/tmp/h-env" : undefined);
  assert.equal(resolveDataDir("/tmp/h-flag", env).root, "/tmp/h-flag");
  assert.equal(resolveDataDir(undefined, env).root, "/tmp/h-env");
  assert.equal(resolveDataDir(undefined, () => undefined).root, resolve("data"));
  assert.equal(resolveDataDir("/tmp/x", env).catalog, "/tmp/x/catalog.sqlite");
});

Deno.test("safeJoin() refuses paths that leave the base folder", () => {
  assert.equal(safeJoin("/d", "raw", "a.dbn"), "/d/raw/a.dbn");
  assert.throws(() => safeJoin("/d", "../etc/passwd"), /escapes/);
  assert.throws(() => safeJoin("/d", "raw", "../../x"), /escapes/);
  // An absolute part is taken as relative to the base, never as the root.
  assert.equal(safeJoin("/d", "/etc/passwd"), "/d/etc/passwd");
  assert.throws(() => safeJoin("/d", "a\0b"), /escapes/);
});
