/**
 * @module
 * Test helpers that drive the real `./hewston` launcher (scoped permissions and all) in a
 * temp data dir, and locate the shared Databento sample files.
 */
import { fileURLToPath as fromFileUrl } from "node:url";

/** Absolute path of the repository root. */
export const REPO = fromFileUrl(new URL("../", import.meta.url)).replace(/\/$/, "");

/** Folder of the real Databento sample files (never copied into the repo). */
export {
  HAVE_SAMPLES,
  REQUIRE_SAMPLES,
  SAMPLES_PATH as SAMPLES,
  sampleTest,
} from "../src/market/testing/samples.ts";

/** Result of one CLI invocation. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `./hewston ...args` with `HEWSTON_DATA_DIR=dataDir`, stdin closed. */
export async function hewston(
  args: string[],
  opts: { dataDir: string; env?: Record<string, string>; cwd?: string },
): Promise<CliResult> {
  const out = await new Deno.Command(`${REPO}/hewston`, {
    args,
    cwd: opts.cwd ?? REPO,
    env: { HEWSTON_DATA_DIR: opts.dataDir, NO_COLOR: "1", ...opts.env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
