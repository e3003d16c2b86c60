/**
 * @module
 * The code version recorded in run manifests and hashed into a run's input hash: Hewston's
 * version plus a sha256 over the engine's source files (so any change to how results are
 * computed changes the hash, and nothing else does). Computed from the files themselves,
 * not from git, so it works in any checkout or copy.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../domain/hash.ts";
import { VERSION } from "../version.ts";

/** Source folders/files whose content determines backtest results. */
const RESULT_SOURCES = ["src/engine", "src/market/bars.ts", "src/domain/canonical_json.ts"];

let cached: Promise<{ version: string; codeHash: string }> | undefined;

/** Hewston's version and the sha256 of the result-determining sources (memoised). */
export function codeVersion(): Promise<{ version: string; codeHash: string }> {
  cached ??= (async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const files: string[] = [];
    for (const src of RESULT_SOURCES) await collect(join(root, src), files);
    files.sort();
    const parts: string[] = [];
    for (const f of files) {
      parts.push(relative(root, f), sha256Hex(await Deno.readFile(f)));
    }
    return { version: VERSION, codeHash: sha256Hex(parts.join("\n")) };
  })();
  return cached;
}

async function collect(path: string, out: string[]): Promise<void> {
  const info = await Deno.stat(path);
  if (info.isFile) {
    if (path.endsWith(".ts") && !path.endsWith("_test.ts")) out.push(path);
    return;
  }
  for await (const e of Deno.readDir(path)) await collect(join(path, e.name), out);
}
