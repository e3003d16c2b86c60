/**
 * @module
 * Issue 14 figures for the one-file release, printed against their goals: file size ≤ 45 MB,
 * first start (unpack into an empty cache + `--version`) ≤ 1.5 s, later start (spawn `serve`
 * until `/healthz` answers 200) ≤ 150 ms. Measures `dist/hewston` (built first when missing, or
 * with `--build`); `scripts/release` prints the same figures after each build.
 *
 * Usage: scripts/deno run -A scripts/bench/release_bench.ts [--build] [--file F] [--first N] [--later N]
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { buildRelease } from "../release_kit/build.ts";
import { formatFigures, measureRelease } from "../release_kit/measure.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    build: { type: "boolean" },
    file: { type: "string" },
    first: { type: "string", default: "3" },
    later: { type: "string", default: "10" },
  },
});
const file = values.file ?? fileURLToPath(new URL("../../dist/hewston", import.meta.url));
const missing = await Deno.stat(file).then(() => false, () => true);
if (values.build || (missing && !values.file)) {
  await buildRelease({ out: file, log: (line) => console.error(line) });
}
console.log(`release ${file}`);
console.log(
  formatFigures(
    await measureRelease(file, {
      firstRuns: Number(values.first),
      laterRuns: Number(values.later),
    }),
  ),
);
