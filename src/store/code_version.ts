/**
 * @module
 * The code version recorded in run manifests and hashed into a run's input hash: Hewston's
 * version plus a sha256 over the engine's source files (so any change to how results are
 * computed changes the hash, and nothing else does). Computed from the files themselves,
 * not from git, so it works in any checkout or copy. Tests (`*_test.ts`) and test support
 * (anything under a `testing/` folder) are not hashed: editing them changes no run id.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../domain/hash.ts";
import { VERSION } from "../version.ts";

/** Source folders/files whose content determines backtest results. */
const RESULT_SOURCES = ["src/engine", "src/domain/bars.ts", "src/domain/canonical_json.ts"];

/**
 * The hash of the sources a bundled program was built from, set by the bundler
 * (`scripts/cli_bundle.ts`, esbuild `define`); undeclared when running from source.
 */
declare const HEWSTON_BUNDLED_CODE_HASH: string | undefined;

let cached: Promise<{ version: string; codeHash: string }> | undefined;

/**
 * Hewston's version and the sha256 of the result-determining sources (memoised). A bundled
 * program carries the hash of the sources it was built from, so a run does not read and hash
 * them again (the bundle is rebuilt whenever they change).
 */
export function codeVersion(): Promise<{ version: string; codeHash: string }> {
  cached ??= (async () => ({
    version: VERSION,
    codeHash: typeof HEWSTON_BUNDLED_CODE_HASH === "string"
      ? HEWSTON_BUNDLED_CODE_HASH
      : await hashSources(fileURLToPath(new URL("../../", import.meta.url))),
  }))();
  return cached;
}

/** {@link codeVersion} as the snake_case document manifests and input hashes hold. */
export async function codeVersionDoc(): Promise<{ version: string; code_hash: string }> {
  const c = await codeVersion();
  return { version: c.version, code_hash: c.codeHash };
}

/**
 * sha256 over the relative path and content hash of every hashed source under `root`
 * (the repository root): the engine, the bar type and canonical JSON, minus tests and
 * `testing/` folders.
 */
export async function hashSources(root: string): Promise<string> {
  const files: string[] = [];
  for (const src of RESULT_SOURCES) await collect(join(root, src), files);
  files.sort();
  const parts: string[] = [];
  for (const f of files) {
    parts.push(relative(root, f), sha256Hex(await Deno.readFile(f)));
  }
  return sha256Hex(parts.join("\n"));
}

/** Whether `path` is test code or test support, which cannot change a result. */
export function isTestSource(path: string): boolean {
  return path.endsWith("_test.ts") || path.replaceAll("\\", "/").includes("/testing/");
}

async function collect(path: string, out: string[]): Promise<void> {
  const info = await Deno.stat(path);
  if (info.isFile) {
    if (path.endsWith(".ts") && !isTestSource(path)) out.push(path);
    return;
  }
  for await (const e of Deno.readDir(path)) await collect(join(path, e.name), out);
}
