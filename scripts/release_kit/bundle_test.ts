import assert from "node:assert/strict";
import { join } from "node:path";
import { bundleProgram, refuseUnrelocatable } from "./bundle.ts";

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, rel), text);
  }
}

Deno.test("bundleProgram makes the worker an entry of its own and copies referenced files, so the bundle runs from another folder", async () => {
  const root = await Deno.makeTempDir({ prefix: "hewston-bundle-test-" });
  try {
    await writeTree(root, {
      "main.ts": `import { greet } from "./src/cli/run.ts";\nconsole.log(await greet());\n`,
      "src/cli/run.ts": `export function greet(): Promise<string> {
  const worker = new Worker(new URL("../../jobs/hello_worker.ts", import.meta.url), { type: "module" });
  return new Promise((resolve) => {
    worker.onmessage = async (e) => {
      worker.terminate();
      const note = await Deno.readTextFile(new URL("../../assets/note.txt", import.meta.url));
      resolve(e.data + " / " + note.trim());
    };
  });
}
`,
      "jobs/hello_worker.ts": `const n: number = 6 * 7;\nself.postMessage("worker " + n);\n`,
      "assets/note.txt": "note from assets\n",
    });
    const out = join(root, "..", `${root.split("/").pop()}-out`);
    const built = await bundleProgram(root, join(root, "main.ts"), out);
    try {
      assert.deepEqual(built.entries, ["main.js", "hello_worker.js"]);
      assert.deepEqual(built.assets, ["assets/note.txt"]);
      await Deno.remove(root, { recursive: true }); // the sources are gone: only the bundle runs
      const res = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--allow-read=" + out, join(out, "main.js")],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(res.code, 0, new TextDecoder().decode(res.stderr));
      assert.equal(new TextDecoder().decode(res.stdout).trim(), "worker 42 / note from assets");
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  } finally {
    await Deno.remove(root, { recursive: true }).catch(() => {});
  }
});

Deno.test("refuseUnrelocatable rejects import.meta uses the release cannot relocate, and ignores comments", () => {
  refuseUnrelocatable(
    "ok.ts",
    ` * new URL(path, import.meta.url) in a comment\nconst u = new URL("./x.json", import.meta.url);\n`,
  );
  assert.throws(
    () => refuseUnrelocatable("a.ts", `const d = import.meta.dirname;\n`),
    /a\.ts:1 refers to a file in a way the release cannot relocate/,
  );
  assert.throws(
    () => refuseUnrelocatable("b.ts", `\nconst u = new URL(name, import.meta.url);\n`),
    /b\.ts:2 /,
  );
  assert.throws(
    () => refuseUnrelocatable("c.ts", `import.meta.resolve("./local.wasm");\n`),
    /c\.ts:1 /,
  );
});
