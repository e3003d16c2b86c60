/**
 * @module
 * Builds `ui/dist` when it is missing or older than the sources (its `manifest.json` records
 * another source hash). The `hewston` launcher runs this before `serve`, so a fresh clone
 * serves the UI with no extra step; a current build costs one hash of the sources.
 */
import { uiSourceHash } from "./source_hash.ts";

/** Whether `ui/dist` was built from the current sources. */
export async function uiBuildIsCurrent(): Promise<boolean> {
  try {
    const text = await Deno.readTextFile(new URL("./dist/manifest.json", import.meta.url));
    return JSON.parse(text).source_hash === await uiSourceHash();
  } catch {
    return false;
  }
}

if (import.meta.main) {
  if (!(await uiBuildIsCurrent())) {
    console.error("hewston: building the UI (ui/dist) …");
    // Loaded only when needed: a current build costs no esbuild start-up.
    const { buildUi } = await import("./build.ts");
    await buildUi();
  }
}
