import assert from "node:assert/strict";
import { join } from "node:path";
import { canonicalJson } from "../domain/canonical_json.ts";
import { sha256Hex } from "../domain/hash.ts";
import { runManifest } from "../domain/manifests.ts";
import { readManifestFile, withStagedFolder } from "./artifact_folder.ts";

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

Deno.test("a staged folder is published whole with a manifest whose hash covers its header and files", async () => {
  const root = await Deno.makeTempDir();
  const final = join(root, "r1");
  const run = { run_id: "r1", input_hash: "a".repeat(64) };
  const out = await withStagedFolder(final, async (w) => {
    await w.json("b.json", { z: 1, a: 2 });
    await w.bytes("a-x.txt", "hello");
    await w.parquet("c.parquet", [["x", { kind: "f64", values: new Float64Array([1, 2]) }]]);
    return 7;
  }, { root, manifest: { header: run, trailer: () => ({ chain_prev: null }) } });
  assert.equal(out.value, 7);
  assert.deepEqual(await names(root), ["r1"]);
  assert.deepEqual(await names(final), ["a-x.txt", "b.json", "c.parquet", "manifest.json"]);
  const m = await readManifestFile(runManifest, join(final, "manifest.json"));
  assert.ok(m);
  assert.deepEqual(m.files.map((f) => f.name), ["a-x.txt", "b.json", "c.parquet"]);
  for (const f of m.files) {
    const bytes = await Deno.readFile(join(final, f.name));
    assert.equal(f.size, bytes.length);
    assert.equal(f.sha256, sha256Hex(bytes));
  }
  assert.equal(
    m.manifest_hash,
    sha256Hex(canonicalJson({ schema_version: 1, ...run, files: m.files })),
  );
  assert.equal(out.manifestHash, m.manifest_hash);
  assert.equal(await Deno.readTextFile(join(final, "b.json")), '{\n  "a": 2,\n  "z": 1\n}\n');
});

Deno.test("a failing fill or a refusing beforePublish leaves the older folder as it was and no staging folder", async () => {
  const root = await Deno.makeTempDir();
  const final = join(root, "d1");
  await withStagedFolder(final, async (w) => void await w.bytes("v.txt", "old"));
  await assert.rejects(
    withStagedFolder(final, async (w) => {
      await w.bytes("v.txt", "new");
      throw new Error("disk full");
    }),
    /disk full/,
  );
  await assert.rejects(
    withStagedFolder(final, async (w) => void await w.bytes("v.txt", "new"), {
      beforePublish: () => {
        throw new Error("cancelled");
      },
    }),
    /cancelled/,
  );
  assert.deepEqual(await names(root), ["d1"]);
  assert.equal(await Deno.readTextFile(join(final, "v.txt")), "old");
  // A successful one replaces it whole (the old folder's extra file is gone).
  await Deno.writeTextFile(join(final, "stale.txt"), "x");
  await withStagedFolder(final, async (w) => void await w.bytes("v.txt", "new"));
  assert.deepEqual(await names(root), ["d1"]);
  assert.deepEqual(await names(final), ["v.txt"]);
  assert.equal(await Deno.readTextFile(join(final, "v.txt")), "new");
});

Deno.test("a symbolic link planted as the staging folder's parent is refused and nothing is written through it", async () => {
  const root = await Deno.makeTempDir();
  const outside = await Deno.makeTempDir();
  await Deno.symlink(outside, join(root, "backtests"));
  await assert.rejects(
    withStagedFolder(join(root, "backtests", "r1"), async (w) => void await w.bytes("a", "x"), {
      root,
    }),
    /symbolic link/,
  );
  assert.deepEqual(await names(outside), []);
});
