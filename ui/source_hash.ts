/**
 * @module
 * The UI's source hash: sha256 over the path and bytes of every file under `ui/` except the
 * build output, plus `deno.json` and `deno.lock` (dependency pins). The build records it in
 * `ui/dist/manifest.json`; the `hewston` launcher recomputes it (same recipe, in bash) and
 * rebuilds when it differs.
 */
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../", import.meta.url));

/** Hex sha256 of the UI sources and the dependency pins. */
export async function uiSourceHash(): Promise<string> {
  const paths = [...(await uiSourceFiles()), "deno.json", "deno.lock"].sort();
  const h = createHash("sha256");
  for (const p of paths) {
    h.update(`${p}\n`);
    h.update(await Deno.readFile(`${REPO}${p}`));
  }
  return h.digest("hex");
}

async function uiSourceFiles(dir = "ui"): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(`${REPO}${dir}`)) {
    if (e.name.startsWith(".") || (dir === "ui" && e.name === "dist")) continue;
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...(await uiSourceFiles(p)));
    else if (e.isFile) out.push(p);
  }
  return out;
}
