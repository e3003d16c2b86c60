import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { codeVersion, hashSources } from "./code_version.ts";

/** A minimal repository tree with the hashed sources, one test and one test helper. */
async function fakeRepo(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "hewston-code-version-" });
  const files: Record<string, string> = {
    "src/engine/kernel.ts": "export const k = 1;\n",
    "src/engine/kernel_test.ts": "Deno.test('k', () => {});\n",
    "src/engine/testing/fixtures.ts": "export const fixture = [1, 2, 3];\n",
    "src/domain/bars.ts": "export interface Bars {}\n",
    "src/domain/canonical_json.ts": "export const c = 0;\n",
  };
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

Deno.test("hashSources() ignores edits to tests and testing/ folders", async () => {
  const root = await fakeRepo();
  try {
    const before = await hashSources(root);
    await Deno.writeTextFile(join(root, "src/engine/testing/fixtures.ts"), "export const f = 9;\n");
    await Deno.writeTextFile(join(root, "src/engine/kernel_test.ts"), "// edited\n");
    await Deno.writeTextFile(join(root, "src/engine/testing/new_helper.ts"), "export {};\n");
    assert.equal(await hashSources(root), before);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("hashSources() changes when an engine source or the bar type changes", async () => {
  const root = await fakeRepo();
  try {
    const before = await hashSources(root);
    await Deno.writeTextFile(join(root, "src/engine/kernel.ts"), "export const k = 2;\n");
    const afterEngine = await hashSources(root);
    assert.notEqual(afterEngine, before);
    await Deno.writeTextFile(join(root, "src/domain/bars.ts"), "export interface Bars { n: 1 }\n");
    assert.notEqual(await hashSources(root), afterEngine);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("codeVersion() hashes this repository's sources", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  assert.equal((await codeVersion()).codeHash, await hashSources(root));
});
