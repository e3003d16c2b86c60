/**
 * @module
 * Where Databento's sample files are, and how tests that read them register: a public clone
 * has no `../shared` beside it, so those tests are skipped there with a one-line notice; CI
 * has the folder and sets `HEWSTON_REQUIRE_SAMPLES=1`, which turns a missing folder into
 * failing tests instead of silently skipped ones.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Folder of the real Databento sample files, beside the repository (never copied into it). */
export const SAMPLES_URL = new URL("../../../../shared/data/dbn/", import.meta.url);

/** The same folder as a filesystem path, with a trailing slash. */
export const SAMPLES_PATH = fileURLToPath(SAMPLES_URL);

/** Whether the sample folder exists. */
export const HAVE_SAMPLES: boolean = existsSync(SAMPLES_URL);

/** Whether the environment demands the samples (`HEWSTON_REQUIRE_SAMPLES=1`, set by `.ci/run`). */
export const REQUIRE_SAMPLES: boolean = Deno.env.get("HEWSTON_REQUIRE_SAMPLES") === "1";

let noticed = false;

/**
 * Registers a `Deno.test` that reads the sample files. Without the folder the test is
 * ignored (one notice per test process), unless `HEWSTON_REQUIRE_SAMPLES=1`, in which case it
 * runs and fails saying the folder is missing.
 *
 * @param def the test, as for `Deno.test`
 */
export function sampleTest(def: Deno.TestDefinition): void;
/**
 * @param name the test's name
 * @param fn the test body
 */
export function sampleTest(name: string, fn: (t: Deno.TestContext) => void | Promise<void>): void;
export function sampleTest(
  a: Deno.TestDefinition | string,
  b?: (t: Deno.TestContext) => void | Promise<void>,
): void {
  const def: Deno.TestDefinition = typeof a === "string" ? { name: a, fn: b! } : a;
  if (HAVE_SAMPLES) return Deno.test(def);
  if (REQUIRE_SAMPLES) {
    return Deno.test({
      ...def,
      fn() {
        throw new Error(`${SAMPLES_PATH} is missing and HEWSTON_REQUIRE_SAMPLES=1`);
      },
    });
  }
  if (!noticed) {
    noticed = true;
    console.error(
      `notice: ${SAMPLES_PATH} not found: tests that read Databento's sample files are skipped`,
    );
  }
  Deno.test({ ...def, ignore: true });
}
