/** Specs of the temp folders that go away with their test file. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "./temp_dir.ts";

Deno.test("tempDir() folders are removed when their test file ends, even after a failure", async () => {
  const root = await tempDir("hewston-temp-dir-test-");
  const spec = join(root, "leaves_test.ts");
  // A test file of its own, run by a real `deno test`: it makes two folders, fills one, fails.
  await Deno.writeTextFile(
    spec,
    `import { tempDir } from ${JSON.stringify(new URL("./temp_dir.ts", import.meta.url).href)};
Deno.test("makes folders, then fails", async () => {
  const a = await tempDir("hewston-temp-dir-a-");
  const b = await tempDir("hewston-temp-dir-b-");
  await Deno.mkdir(a + "/deep/er", { recursive: true });
  await Deno.writeTextFile(a + "/deep/er/file", "x");
  console.log("MADE " + JSON.stringify([a, b]));
  throw new Error("a failing test");
});
`,
  );
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check", spec],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.notEqual(out.code, 0, "the inner test fails");
  const dirs = JSON.parse(text.match(/MADE (\[.*\])/)![1]) as string[];
  assert.equal(dirs.length, 2);
  for (const dir of dirs) {
    assert.equal(await Deno.stat(dir).then(() => true, () => false), false, `${dir} left behind`);
  }
});
