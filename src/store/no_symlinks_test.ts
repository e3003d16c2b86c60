import assert from "node:assert/strict";
import { join } from "node:path";
import { refuseSymlinks } from "./no_symlinks.ts";

Deno.test("refuseSymlinks() refuses a link at any depth below the root, not the root itself", async () => {
  const base = await Deno.makeTempDir();
  try {
    const real = join(base, "real");
    await Deno.mkdir(join(real, "backtests", "r1"), { recursive: true });
    await Deno.mkdir(join(base, "elsewhere"));
    const root = join(base, "root");
    await Deno.symlink(real, root); // the data dir itself may be a link
    await refuseSymlinks(root, join(root, "backtests", "r1", "metrics.json"));
    await refuseSymlinks(root, join(root, "not", "there", "yet"));
    await Deno.symlink(join(base, "elsewhere"), join(real, "backtests", "r2"));
    await assert.rejects(
      () => refuseSymlinks(root, join(root, "backtests", "r2", "metrics.json")),
      {
        name: "HewstonError",
        message:
          "backtests/r2 is a symbolic link; Hewston does not follow links inside its data dir",
      },
    );
  } finally {
    await Deno.remove(base, { recursive: true });
  }
});
