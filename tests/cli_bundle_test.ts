/**
 * The launcher's bundled program (`.cache/cli`, `scripts/cli_bundle.ts`) is the program: it
 * reports the code hash of the sources it was built from, computed there and compiled in.
 */
import assert from "node:assert/strict";
import { codeVersion } from "../src/store/code_version.ts";
import { hewston, REPO } from "./_hewston.ts";

Deno.test("./hewston runs the bundled program, which reports the code hash of the sources it was built from", async () => {
  const dataDir = await Deno.makeTempDir();
  try {
    const r = await hewston(["--version"], { dataDir });
    assert.equal(r.code, 0, r.stderr);
    const fingerprint = await Deno.readTextFile(`${REPO}/.cache/cli/FINGERPRINT`);
    assert.match(fingerprint, /^\d+ \d+\n$/);
    // Hashed here from the source files, as `deno run main.ts` does.
    const { version, codeHash } = await codeVersion();
    assert.equal(r.stdout.trim().split(" (")[0], `hewston ${version}`);
    assert.ok(r.stdout.includes(`code ${codeHash}`), r.stdout);
    const main = await Deno.readTextFile(`${REPO}/.cache/cli/main.js`);
    assert.ok(main.includes(JSON.stringify(codeHash)), "the hash is compiled into the bundle");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
