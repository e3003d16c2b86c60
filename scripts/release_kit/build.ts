/**
 * @module
 * `scripts/release` (deno task `release`): builds `dist/hewston`, one self-extracting file
 * holding the pinned Deno runtime (from the npm registry), the bundled program with its workers,
 * npm packages and wasm, the built UI (`ui/dist`, after the `ui:build` task when the project has
 * one), the engine sources the code hash is computed from, and the launcher with the permission
 * flags of `./hewston`. Then measures it (size, first and later start) and prints the figures.
 * With `DENORT_BIN` set, also builds `dist/hewston-compiled` with `deno compile`.
 *
 * Options: `--out FILE` (default dist/hewston), `--level N` (gzip level, default 9),
 * `--no-measure`.
 */
import { parseArgs } from "node:util";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cp, mkdir, rm } from "node:fs/promises";
import { VERSION } from "../../src/version.ts";
import { bundleProgram } from "./bundle.ts";
import { fetchDenoRuntime, pinnedDenoVersion } from "./runtime.ts";
import { writeSelfExtracting } from "./payload.ts";
import { formatFigures, measureRelease } from "./measure.ts";

/** Repository root. */
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Options of {@link buildRelease}. */
export interface ReleaseOptions {
  /** Output file (default `<root>/dist/hewston`). */
  out?: string;
  /** gzip level (default 9). */
  level?: number;
  /** Called with progress lines. */
  log?: (line: string) => void;
}

/** What {@link buildRelease} built. */
export interface ReleaseBuild {
  file: string;
  bytes: number;
  payloadSha256: string;
  denoVersion: string;
  withUi: boolean;
}

/** Builds the self-extracting release file (see the module doc). */
export async function buildRelease(opts: ReleaseOptions = {}): Promise<ReleaseBuild> {
  const log = opts.log ?? (() => {});
  const out = opts.out ?? join(ROOT, "dist", "hewston");
  const work = join(ROOT, "dist", ".build");
  const stage = join(work, `app-${Date.now()}-${Deno.pid}`);
  const denoVersion = await pinnedDenoVersion(ROOT);
  await mkdir(dirname(out), { recursive: true });
  try {
    await buildUi(log);
    log("bundling main.ts and its workers");
    const bundle = await bundleProgram(ROOT, join(ROOT, "main.ts"), stage);
    log(`  ${bundle.entries.join(", ")}; assets: ${bundle.assets.join(", ") || "none"}`);
    await copyHashedSources(stage);
    log(`fetching the Deno ${denoVersion} runtime from the npm registry`);
    const deno = await fetchDenoRuntime(denoVersion, join(ROOT, "dist", ".cache"));
    await cp(deno, join(stage, "deno"));
    await Deno.chmod(join(stage, "deno"), 0o755);
    await cp(join(ROOT, "scripts/launcher.bash"), join(stage, "launcher.bash"));
    await cp(join(ROOT, "scripts/release_kit/entry.bash"), join(stage, "hewston"));
    await Deno.chmod(join(stage, "hewston"), 0o755);
    log("packing");
    const packed = await writeSelfExtracting({
      stageDir: stage,
      outFile: out,
      version: VERSION,
      level: opts.level,
    });
    const withUi = bundle.assets.some((a) => a.startsWith("ui/"));
    if (Deno.env.get("DENORT_BIN")) {
      await compileBinary(stage, join(dirname(out), "hewston-compiled"), log);
    }
    return {
      file: out,
      bytes: packed.bytes,
      payloadSha256: packed.payloadSha256,
      denoVersion,
      withUi,
    };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Runs the project's `ui:build` task when deno.json has one (the UI goes into the release). */
async function buildUi(log: (line: string) => void): Promise<void> {
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  if (!config.tasks?.["ui:build"]) {
    log("no ui:build task: the release serves whatever ui/dist holds (none yet)");
    return;
  }
  log("building the UI (deno task ui:build)");
  const res = await new Deno.Command(join(ROOT, "scripts/deno"), {
    args: ["task", "ui:build"],
    cwd: ROOT,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!res.success) throw new Error("deno task ui:build failed");
}

/**
 * Copies `src/**\/*.ts` (no tests, no `testing/`) beside the bundle: the code hash in run
 * manifests is computed from these files at run time, so the release reports the same hash,
 * and reproduces the same run ids, as the checkout it was built from.
 */
async function copyHashedSources(stage: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    for await (const e of Deno.readDir(dir)) {
      const path = join(dir, e.name);
      if (e.isDirectory && e.name !== "testing") await walk(path);
      else if (e.isFile && e.name.endsWith(".ts") && !e.name.endsWith("_test.ts")) {
        const dest = join(stage, relative(ROOT, path));
        await mkdir(dirname(dest), { recursive: true });
        await cp(path, dest);
      }
    }
  };
  await walk(join(ROOT, "src"));
}

/**
 * With `DENORT_BIN` (a `denort` for this platform), `deno compile` turns the same bundle into a
 * real single binary. Deno fixes permission flags at compile time, so this binary cannot scope
 * read/write to a data dir chosen at run time: it scopes net and env like the launcher and
 * allows read/write everywhere. The self-extracting `dist/hewston` stays the file to ship.
 * Not exercised here (no `denort` on these machines).
 */
async function compileBinary(stage: string, out: string, log: (line: string) => void) {
  log(`deno compile with DENORT_BIN=${Deno.env.get("DENORT_BIN")} → ${out}`);
  const includes = [];
  for await (const e of Deno.readDir(stage)) {
    if (!["deno", "hewston", "launcher.bash", "main.js"].includes(e.name)) {
      includes.push("--include", join(stage, e.name));
    }
  }
  const res = await new Deno.Command(join(stage, "deno"), {
    args: [
      "compile",
      "--no-config",
      "--no-lock",
      "--output",
      out,
      "--allow-read",
      "--allow-write",
      "--allow-net=127.0.0.1,localhost,[::1],hist.databento.com",
      "--allow-env=HEWSTON_DATA_DIR,HEWSTON_TOKEN,HEWSTON_LOG_LEVEL,HEWSTON_KEEP," +
      "HEWSTON_DATABENTO_URL,DATABENTO_API_KEY,NO_COLOR,TERM",
      ...includes,
      join(stage, "main.js"),
    ],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!res.success) throw new Error("deno compile failed");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      out: { type: "string" },
      level: { type: "string", default: "9" },
      "no-measure": { type: "boolean" },
    },
  });
  try {
    const t0 = performance.now();
    const built = await buildRelease({
      out: values.out,
      level: Number(values.level),
      log: (line) => console.error(line),
    });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(
      `built ${
        relative(Deno.cwd(), built.file) || built.file
      } in ${secs} s (Deno ${built.denoVersion}, ` +
        `payload sha256 ${built.payloadSha256.slice(0, 12)}, UI ${
          built.withUi ? "included" : "absent"
        })`,
    );
    if (!values["no-measure"]) console.log(formatFigures(await measureRelease(built.file)));
  } catch (err) {
    console.error(`release: ${err instanceof Error ? err.message : String(err)}`);
    Deno.exit(1);
  }
}
