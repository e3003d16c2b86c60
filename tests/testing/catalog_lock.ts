/**
 * @module
 * Test support: a real second process holding SQLite's write lock on a catalog
 * (`hold_catalog_lock.ts`, `BEGIN IMMEDIATE`), for the specs of a busy or locked catalog.
 */
import { REPO } from "../_hewston.ts";

/** A running lock holder. */
export interface CatalogLock {
  /** The holder's exit (0 once it committed and released the lock). */
  status: Promise<Deno.CommandStatus>;
  /** Everything the holder printed, once it exited (`locked`, then `released`). */
  output(): Promise<string>;
  /** Ends a `"stdin"` hold: the holder commits and exits 0. */
  release(): void;
  /** Kills the holder (the lock goes with the process). */
  kill(): void;
}

/**
 * Starts the lock holder on `catalog` for `ms` (or, with `"stdin"`, until `release()`) and
 * resolves once it holds the lock.
 */
export async function holdCatalogLock(catalog: string, ms: number | "stdin"): Promise<CatalogLock> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO}/tests/testing/hold_catalog_lock.ts`, catalog, String(ms)],
    stdin: ms === "stdin" ? "piped" : "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let out = "";
  while (!out.includes("locked")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`lock holder exited: ${out}`);
    out += value;
  }
  const rest = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
    return out;
  })();
  let released = false;
  return {
    status: child.status,
    output: () => rest,
    release: () => {
      if (released || ms !== "stdin") return;
      released = true;
      child.stdin.close().catch(() => {});
    },
    kill: () => {
      try {
        child.kill("SIGKILL");
      } catch { /* exited */ }
    },
  };
}
