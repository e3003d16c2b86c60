/**
 * @module
 * Error answers never show where the server keeps its files: paths inside the data dir are
 * written relative to it (`raw/dbn/AAPL`, as the catalog stores them), and the server's other
 * folders (the working directory, the program's checkout, the home folder) become `…`.
 */
import { fileURLToPath } from "node:url";
import { homeDir } from "../config.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/**
 * A function that rewrites absolute server paths in a text.
 * @param dataDir the data dir root (its real path is covered as well)
 * @returns `scrub(text)`
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const scrub = pathScrubber("/srv/hewston/data");
 * assert.equal(scrub("/srv/hewston/data/raw/dbn/X: bad magic"), "raw/dbn/X: bad magic");
 * ```
 */
export function pathScrubber(dataDir: string): (text: string) => string {
  const roots: [string, string][] = [];
  for (const root of new Set([dataDir, realPath(dataDir)])) roots.push([root, "."]);
  for (const other of [Deno.cwd(), REPO, homeDir()]) {
    if (other && other !== "/" && !roots.some(([r]) => r === other)) roots.push([other, "…"]);
  }
  // Longest first: the data dir usually sits inside the working directory.
  roots.sort(([a], [b]) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const [root, as] of roots) {
      out = out.split(root + "/").join(as === "." ? "" : as + "/").split(root).join(as);
    }
    return out;
  };
}

function realPath(p: string): string {
  try {
    return Deno.realPathSync(p);
  } catch {
    return p;
  }
}
