/**
 * @module
 * Builds `.cache/cli/`, the bundled program the `./hewston` launcher runs for every command
 * but `serve`: `main.ts`, its worker entries and npm packages as a few flat ES modules
 * (`scripts/release_kit/bundle.ts`, as the release bundles them), so a command loads three
 * files instead of ~200 modules. The hash of the result-determining sources is computed here,
 * from the sources being bundled, and compiled in (a run reads no source file to hash it).
 *
 * The launcher passes the sources' fingerprint (paths, sizes, mtimes) and rebuilds whenever it
 * changes; the folder is built beside and swapped in whole, so a reader sees a complete
 * bundle or none.
 *
 * Usage: deno run -A scripts/cli_bundle.ts FINGERPRINT
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashSources } from "../src/store/code_version.ts";
import { bundleProgram } from "./release_kit/bundle.ts";

/** Where the bundle lives, relative to the repository root. */
export const CLI_BUNDLE_DIR = ".cache/cli";

/**
 * Bundles the program under `root` into `<root>/.cache/cli`, stamped with `fingerprint`.
 * @returns the bundle folder
 */
export async function buildCliBundle(root: string, fingerprint: string): Promise<string> {
  const out = join(root, CLI_BUNDLE_DIR);
  const tmp = `${out}.tmp-${Deno.pid}`;
  const old = `${out}.old-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  try {
    const codeHash = await hashSources(root);
    await bundleProgram(root, join(root, "main.ts"), tmp, {
      define: { HEWSTON_BUNDLED_CODE_HASH: JSON.stringify(codeHash) },
    });
    await Deno.writeTextFile(join(tmp, "FINGERPRINT"), fingerprint + "\n");
    try {
      await Deno.rename(out, old);
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
    await Deno.rename(tmp, out);
    await Deno.remove(old, { recursive: true }).catch(() => {});
    return out;
  } catch (err) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw err;
  }
}

if (import.meta.main) {
  const root = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
  await buildCliBundle(root, Deno.args[0] ?? "");
}
