/**
 * @module
 * Bundles the program for the release: `main.ts` and every Web Worker entry it starts become
 * flat ES modules in one folder (`main.js`, `engine_worker.js`, …), with the npm packages
 * inlined. Run-time file references are rewritten so the bundle finds them beside itself:
 *
 * - `new URL("../../jobs/engine_worker.ts", import.meta.url)` → `new URL("./engine_worker.js",
 *   import.meta.url)`, and that worker becomes one more entry point (found by following the
 *   references, so a new worker needs no release change);
 * - `new URL("<other repo path>", import.meta.url)` → the same path from the bundle folder, and
 *   the file or folder is copied there when it exists (`ui/dist/`, …);
 * - `import.meta.resolve("<npm package file>")` → a copy under `npm/` beside the bundle
 *   (parquet-wasm's `.wasm`).
 */
import * as esbuild from "esbuild";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { cp, mkdir } from "node:fs/promises";
import { builtinModules } from "node:module";

/** What {@link bundleProgram} wrote. */
export interface BundleResult {
  /** Output file names (relative to the output folder), entries first. */
  entries: string[];
  /** Repo-relative files and folders copied beside the bundle. */
  assets: string[];
}

const SOURCE_RE = /\.(ts|tsx)$/;
const URL_RE = /new URL\(\s*(["'])(\.{1,2}\/[^"']*)\1\s*,\s*import\.meta\.url\s*\)/g;
const RESOLVE_RE = /import\.meta\.resolve\(\s*(["'])([^"'.][^"']*)\1\s*\)/g;

/**
 * Bundles `entry` (a file under `root`) and the workers it references into `outDir`.
 * @param root repository root
 * @param entry the program's entry module (absolute)
 * @param outDir the folder to write (created; files in it are overwritten)
 * @param opts `define`: identifiers replaced by JSON values in the bundle (esbuild `define`);
 *   `splitting`: dynamic imports become chunks of their own, loaded when first imported
 */
export async function bundleProgram(
  root: string,
  entry: string,
  outDir: string,
  opts: { define?: Record<string, string>; splitting?: boolean } = {},
): Promise<BundleResult> {
  const entries = new Set<string>([resolve(entry)]);
  const assets = new Set<string>();
  const npmFiles = new Map<string, string>(); // out name → absolute source
  await mkdir(outDir, { recursive: true });
  try {
    // Each build may discover more worker entries; rebuild until none is new.
    for (let round = 0;; round++) {
      const before = entries.size;
      await esbuild.build({
        entryPoints: [...entries],
        entryNames: "[name]",
        outdir: outDir,
        bundle: true,
        format: "esm",
        platform: "neutral",
        target: "esnext",
        mainFields: ["module", "main"],
        conditions: ["deno", "node", "import", "default"],
        external: ["node:*"],
        define: opts.define,
        splitting: opts.splitting,
        // CommonJS dependencies call require() for Node built-ins; give them Node's.
        banner: {
          js: 'import { createRequire as __hewstonCreateRequire } from "node:module";\n' +
            "const require = __hewstonCreateRequire(import.meta.url);",
        },
        // Whitespace and syntax only: class and function names stay as written.
        minifyWhitespace: true,
        minifySyntax: true,
        legalComments: "none",
        logLevel: "error",
        plugins: [nodeBuiltins(), rewriteRefs(root, entries, assets, npmFiles)],
      });
      if (entries.size === before) break;
      if (round > 10) throw new Error("release bundle: worker entries keep growing");
    }
  } finally {
    await esbuild.stop();
  }
  const names = new Map<string, string>();
  for (const e of entries) {
    const name = outName(e);
    const other = names.get(name);
    if (other) throw new Error(`release bundle: ${other} and ${e} would both be ${name}`);
    names.set(name, e);
  }
  for (const rel of assets) {
    await cp(join(root, rel), join(outDir, rel), { recursive: true });
  }
  for (const [name, src] of npmFiles) {
    await mkdir(join(outDir, "npm"), { recursive: true });
    await cp(src, join(outDir, "npm", name));
  }
  return { entries: [...names.keys()], assets: [...assets].sort() };
}

/**
 * Bare Node built-ins (`"stream"`, `"path"`, as BullMQ and ioredis import them) stay external
 * as `node:` specifiers: Deno runs a local module's `node:stream`, not a bare `stream`.
 */
function nodeBuiltins(): esbuild.Plugin {
  const names = new Set(builtinModules.filter((m) => !m.startsWith("_")));
  return {
    name: "node-builtins",
    setup(build) {
      build.onResolve(
        { filter: /^[a-z_]+(\/[a-z_/]+)?$/ },
        (args) => names.has(args.path) ? { path: `node:${args.path}`, external: true } : undefined,
      );
    },
  };
}

function outName(file: string): string {
  return basename(file, extname(file)) + ".js";
}

function rewriteRefs(
  root: string,
  entries: Set<string>,
  assets: Set<string>,
  npmFiles: Map<string, string>,
): esbuild.Plugin {
  return {
    name: "hewston-release-refs",
    setup(build) {
      build.onLoad({ filter: SOURCE_RE }, async (args) => {
        if (args.path.includes(`${"/"}node_modules${"/"}`) || !args.path.startsWith(root)) {
          return undefined;
        }
        let text = await Deno.readTextFile(args.path);
        refuseUnrelocatable(args.path, text);
        const dir = dirname(args.path);
        text = text.replace(URL_RE, (whole, _q, rel: string) => {
          const target = resolve(dir, rel);
          const repoRel = relative(root, target);
          if (repoRel.startsWith("..")) return whole; // outside the repo (doc examples)
          if (SOURCE_RE.test(target)) {
            entries.add(target);
            return `new URL(${JSON.stringify("./" + outName(target))}, import.meta.url)`;
          }
          const asRoot = repoRel === "" ? "./" : "./" + repoRel + (rel.endsWith("/") ? "/" : "");
          if (repoRel !== "" && existsSync(target)) assets.add(repoRel);
          return `new URL(${JSON.stringify(asRoot)}, import.meta.url)`;
        });
        const specs = [...text.matchAll(RESOLVE_RE)].map((m) => m[2]);
        for (const spec of specs) {
          const found = await build.resolve(spec, { resolveDir: dir, kind: "import-statement" });
          if (found.errors.length > 0 || !found.path) {
            throw new Error(`release bundle: cannot resolve ${spec} from ${args.path}`);
          }
          const name = basename(found.path);
          const other = npmFiles.get(name);
          if (other && other !== found.path) {
            throw new Error(`release bundle: two npm files named ${name}`);
          }
          npmFiles.set(name, found.path);
          text = text.replaceAll(
            new RegExp(`import\\.meta\\.resolve\\(\\s*["']${escapeRe(spec)}["']\\s*\\)`, "g"),
            `new URL(${JSON.stringify("./npm/" + name)}, import.meta.url).href`,
          );
        }
        return { contents: text, loader: args.path.endsWith(".tsx") ? "tsx" : "ts" };
      });
    },
  };
}

/**
 * Fails the build on a run-time file reference the rewrite cannot relocate (`import.meta.dirname`,
 * `new URL(variable, import.meta.url)`, a relative `import.meta.resolve`, …): in the bundle it
 * would silently point at the wrong place. Comment lines are ignored.
 */
export function refuseUnrelocatable(path: string, text: string): void {
  const lines = text.replace(URL_RE, "").replace(RESOLVE_RE, "").split("\n");
  lines.forEach((line, i) => {
    const code = line.trim();
    if (code.startsWith("*") || code.startsWith("//") || code.startsWith("/*")) return;
    if (/import\.meta\.(url|dirname|filename|resolve)\b/.test(code)) {
      throw new Error(
        `release bundle: ${path}:${i + 1} refers to a file in a way the release cannot ` +
          `relocate; write new URL("./relative/path", import.meta.url) (${code})`,
      );
    }
  });
}

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
