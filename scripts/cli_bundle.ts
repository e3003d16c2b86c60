/**
 * @module
 * Builds a bundle of the program for the `./hewston` launcher, which runs it for every command
 * but `serve`: `main.ts`, its worker entries and npm packages as a few flat ES modules
 * (`scripts/release_kit/bundle.ts`, as the release bundles them), so a command loads three
 * files instead of ~200 modules. The hash of the result-determining sources is computed here,
 * from the sources being bundled, and compiled in (a run reads no source file to hash it).
 *
 * The launcher names the folder after the sources' fingerprint (paths, sizes, mtimes):
 * `.cache/cli/<fingerprint>/`. It is built beside and renamed into place whole, so a reader
 * sees a complete bundle or none; an edit makes a new folder while processes running an
 * older one keep their files; folders built more than a day earlier are removed.
 *
 * Usage: deno run -A scripts/cli_bundle.ts OUT_DIR
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashSources } from "../src/store/code_version.ts";
import { bundleProgram } from "./release_kit/bundle.ts";

const STALE_MS = 24 * 3600 * 1000;

/**
 * Bundles the program under `root` into `out` (a new folder, renamed into place whole).
 * @returns `out`
 */
export async function buildCliBundle(root: string, out: string): Promise<string> {
  const tmp = `${out}.tmp-${Deno.pid}`;
  await Deno.remove(tmp, { recursive: true }).catch(() => {});
  try {
    const codeHash = await hashSources(root);
    await bundleProgram(root, join(root, "main.ts"), tmp, {
      define: { HEWSTON_BUNDLED_CODE_HASH: JSON.stringify(codeHash) },
      // A command loads only its own action's modules (and their Node built-ins).
      splitting: true,
    });
    await Deno.rename(tmp, out);
  } catch (err) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw err;
  }
  await removeStale(dirname(out), basename(out));
  return out;
}

/** Removes the other bundles of `parent` built more than a day ago. */
async function removeStale(parent: string, keep: string): Promise<void> {
  for await (const e of Deno.readDir(parent)) {
    if (e.name === keep || !e.isDirectory) continue;
    const path = join(parent, e.name);
    const info = await Deno.stat(path).catch(() => null);
    if (info?.mtime && Date.now() - info.mtime.getTime() > STALE_MS) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
}

if (import.meta.main) {
  const root = fileURLToPath(new URL("../", import.meta.url)).replace(/\/$/, "");
  await buildCliBundle(root, Deno.args[0]);
}
