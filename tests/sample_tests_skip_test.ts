/**
 * @module
 * Tests that read Databento's sample files skip on a public clone and run on CI: a real
 * `deno test` subprocess over a throwaway tree laid out like a clone (`<tmp>/repo/…` with
 * `src/market/testing/samples.ts` copied in), without and then with `<tmp>/shared/data/dbn/`.
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { REPO } from "./_hewston.ts";

const PROBE = `import { sampleTest } from "./market/testing/samples.ts";
sampleTest("reads a sample", () => {
  const url = new URL("../../shared/data/dbn/probe.dbn", import.meta.url);
  if (Deno.readTextFileSync(url) !== "probe") throw new Error("wrong sample");
});
sampleTest("reads another sample", () => {
  Deno.readTextFileSync(new URL("../../shared/data/dbn/probe.dbn", import.meta.url));
});
Deno.test("needs no sample", () => {});
`;

async function runProbe(root: string, env: Record<string, string>) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check", "src/probe_test.ts"],
    cwd: join(root, "repo"),
    env: { NO_COLOR: "1", HEWSTON_REQUIRE_SAMPLES: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, text: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

Deno.test("sampleTest() skips with one notice without ../shared, fails under HEWSTON_REQUIRE_SAMPLES=1, runs with it", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.mkdir(join(root, "repo/src/market/testing"), { recursive: true });
    await Deno.copyFile(
      join(REPO, "src/market/testing/samples.ts"),
      join(root, "repo/src/market/testing/samples.ts"),
    );
    await Deno.writeTextFile(join(root, "repo/src/probe_test.ts"), PROBE);

    const publicClone = await runProbe(root, {});
    assert.equal(publicClone.code, 0, publicClone.text);
    assert.equal(publicClone.text.match(/^notice: .*not found/gm)?.length, 1, publicClone.text);
    assert.match(publicClone.text, /1 passed \| 0 failed \| 2 ignored/);

    const ci = await runProbe(root, { HEWSTON_REQUIRE_SAMPLES: "1" });
    assert.notEqual(ci.code, 0);
    assert.match(ci.text, /shared\/data\/dbn\/ is missing and HEWSTON_REQUIRE_SAMPLES=1/);
    assert.match(ci.text, /1 passed \| 2 failed/);

    await Deno.mkdir(join(root, "shared/data/dbn"), { recursive: true });
    await Deno.writeTextFile(join(root, "shared/data/dbn/probe.dbn"), "probe");
    const withSamples = await runProbe(root, { HEWSTON_REQUIRE_SAMPLES: "1" });
    assert.equal(withSamples.code, 0, withSamples.text);
    assert.match(withSamples.text, /3 passed \| 0 failed/);
    assert.doesNotMatch(withSamples.text, /notice|ignored/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
