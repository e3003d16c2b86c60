/**
 * @module
 * Temp folders that go away with the test file: {@link tempDir} makes one and removes it when
 * the file's tests end (the `unload` event of the test module), whatever failed. A data dir
 * with a DEMO build is ~50 MB; tests used to leave theirs in /tmp on every run.
 */

const made: string[] = [];

function removeAll(): void {
  for (const dir of made.splice(0)) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* removed by the test itself */ }
  }
}

/** A new temp folder (named `prefix…`), removed when this test file ends. */
export async function tempDir(prefix = "hewston-test-"): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  if (made.length === 0) globalThis.addEventListener("unload", removeAll, { once: true });
  made.push(dir);
  return dir;
}
