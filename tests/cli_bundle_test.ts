/**
 * The launcher's bundled program (`.cache/cli/<fingerprint>/`, `scripts/cli_bundle.ts`) is the
 * program: it reports the code hash of the sources it was built from, computed there and
 * compiled in.
 */
import assert from "node:assert/strict";
import { codeVersion } from "../src/store/code_version.ts";
import { hewston, REPO } from "./_hewston.ts";

Deno.test("./hewston runs the bundled program, which reports the code hash of the sources it was built from", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const r = await hewston(["--version"], { dataDir });
    assert.equal(r.code, 0, r.stderr);
    // Hashed here from the source files, as `deno run main.ts` does.
    const { version, codeHash } = await codeVersion();
    assert.equal(r.stdout.trim().split(" (")[0], `hewston ${version}`);
    assert.ok(r.stdout.includes(`code ${codeHash}`), r.stdout);
    // The launcher's bundle for these sources carries the same hash, compiled in.
    const bundles: string[] = [];
    for await (const e of Deno.readDir(`${REPO}/.cache/cli`)) {
      if (!e.isDirectory || e.name.includes(".tmp-")) continue;
      const folder = `${REPO}/.cache/cli/${e.name}`;
      for await (const f of Deno.readDir(folder)) {
        if (!f.name.endsWith(".js")) continue;
        const js = await Deno.readTextFile(`${folder}/${f.name}`);
        if (js.includes(JSON.stringify(codeHash))) bundles.push(e.name);
      }
    }
    assert.ok(bundles.length >= 1, "a bundle of these sources exists");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
