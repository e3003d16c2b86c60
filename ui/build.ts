/**
 * @module
 * Builds the browser UI into `ui/dist/` (the `ui:build` deno task): esbuild bundles
 * `ui/src/main.tsx` and `ui/src/styles.css` minified under content-hashed names in
 * `assets/`, writes `index.html` pointing at them, a gzip and a brotli copy of every text file
 * (the server sends those as they are), and `manifest.json` with the source hash the `hewston`
 * launcher compares to decide whether a rebuild is due. The folder is replaced atomically, so
 * a server never reads a half-written build.
 *
 *     scripts/deno task ui:build
 */
import * as esbuild from "esbuild";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { uiSourceHash } from "./source_hash.ts";

const ROOT = fileURLToPath(new URL("./", import.meta.url));
const DIST = `${ROOT}dist`;

/** What one build wrote. */
export interface BuildResult {
  /** Hashed asset names, e.g. `assets/app-3F2A….js`. */
  files: string[];
  /** Bytes of the JS bundle, raw and gzipped. */
  js: { bytes: number; gzip: number };
  /** Bytes of the CSS, raw and gzipped. */
  css: { bytes: number; gzip: number };
  /** The source hash recorded in `manifest.json`. */
  sourceHash: string;
}

/** Bundles the UI into `ui/dist` and returns what it wrote. */
export async function buildUi(): Promise<BuildResult> {
  const tmp = `${ROOT}.dist-${Deno.pid}-${Date.now()}`;
  await Deno.mkdir(`${tmp}/assets`, { recursive: true });
  try {
    const out = await esbuild.build({
      entryPoints: { app: `${ROOT}src/main.tsx`, styles: `${ROOT}src/styles.css` },
      bundle: true,
      minify: true,
      format: "esm",
      target: ["chrome110", "firefox110", "safari16"],
      jsx: "automatic",
      jsxImportSource: "preact",
      entryNames: "[name]-[hash]",
      outdir: `${tmp}/assets`,
      write: false,
      metafile: true,
      legalComments: "none",
      logLevel: "warning",
      nodePaths: [`${ROOT}../node_modules`],
    });
    const files: string[] = [];
    let js = { bytes: 0, gzip: 0 };
    let css = { bytes: 0, gzip: 0 };
    let jsName = "";
    let cssName = "";
    for (const f of out.outputFiles) {
      const name = f.path.slice(`${tmp}/`.length);
      await writeWithCompressed(`${tmp}/${name}`, f.contents);
      files.push(name);
      const size = { bytes: f.contents.length, gzip: gzipSync(f.contents, { level: 9 }).length };
      if (name.endsWith(".js")) [js, jsName] = [size, name];
      if (name.endsWith(".css")) [css, cssName] = [size, name];
    }
    const template = await Deno.readTextFile(`${ROOT}index.html`);
    const html = template
      .replace("<!--CSS-->", `<link rel="stylesheet" href="/${cssName}">`)
      .replace("<!--JS-->", `<script type="module" src="/${jsName}"></script>`);
    await writeWithCompressed(`${tmp}/index.html`, new TextEncoder().encode(html));
    const sourceHash = await uiSourceHash();
    await Deno.writeTextFile(
      `${tmp}/manifest.json`,
      JSON.stringify({ source_hash: sourceHash, js: jsName, css: cssName, files }, null, 2) + "\n",
    );
    await swapIn(tmp);
    return { files, js, css, sourceHash };
  } catch (err) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw err;
  } finally {
    esbuild.stop();
  }
}

async function writeWithCompressed(path: string, bytes: Uint8Array): Promise<void> {
  await Deno.writeFile(path, bytes);
  await Deno.writeFile(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  await Deno.writeFile(
    `${path}.br`,
    brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
}

/** Replaces `ui/dist` by the finished build: rename the old one away, rename the new in. */
async function swapIn(tmp: string): Promise<void> {
  const old = `${ROOT}.dist-old-${Deno.pid}-${Date.now()}`;
  try {
    await Deno.rename(DIST, old);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  await Deno.rename(tmp, DIST);
  await Deno.remove(old, { recursive: true }).catch(() => {});
}

if (import.meta.main) {
  const t0 = performance.now();
  const r = await buildUi();
  const kb = (n: number) => (n / 1024).toFixed(1);
  console.log(
    `ui/dist built in ${Math.round(performance.now() - t0)} ms: ` +
      `js ${kb(r.js.bytes)} KiB (${kb(r.js.gzip)} KiB gzip), ` +
      `css ${kb(r.css.bytes)} KiB (${kb(r.css.gzip)} KiB gzip)`,
  );
}
