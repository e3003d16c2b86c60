/**
 * End-to-end spec of the token strength rule: `hewston serve` refuses a short token or one
 * with whitespace with one clear line, before it binds anything.
 */
import assert from "node:assert/strict";
import { hewston } from "./_hewston.ts";

Deno.test("hewston serve refuses tokens shorter than 16 characters or with whitespace", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const [args, env] of [
        [["--host", "0.0.0.0", "--token", "x"], {}],
        [["--host", "0.0.0.0"], { HEWSTON_TOKEN: "0123456789 abcdef" }],
        [["--token", "short-token"], {}],
      ] as [string[], Record<string, string>][]
    ) {
      const r = await hewston(["serve", "--no-demo", "--port", "0", ...args], {
        dataDir: dir,
        env,
      });
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /^hewston: the token must be at least 16 characters with no whitespace \(got \d+\); e\.g\. openssl rand -hex 16\n$/,
      );
      assert.equal(r.stdout, "");
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
