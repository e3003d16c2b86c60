/**
 * @module
 * The built browser UI (`ui/dist`, written by `ui/build.ts`) as the server sends it: each file
 * read once with its precompressed `.br` and `.gz` twins, an ETag, and the cache policy of its
 * kind (content-hashed `assets/*` are immutable for a year; `index.html` is revalidated on
 * every load so a rebuild is picked up at once).
 */
import { acceptsCoding } from "./accept_encoding.ts";
import { fileURLToPath } from "node:url";
import { createHash } from "node:crypto";

/** Where `ui/build.ts` writes the UI, relative to this module. */
export const DEFAULT_UI_DIST = fileURLToPath(new URL("../../ui/dist/", import.meta.url));

/** One file of the UI in every encoding the build wrote. */
export interface UiFile {
  contentType: string;
  cacheControl: string;
  etag: string;
  identity: Uint8Array;
  gzip?: Uint8Array;
  br?: Uint8Array;
}

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
};
const NAME_RE = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[a-z0-9]+$/;
/** Cache policy of content-hashed assets: their name changes with their bytes. */
export const IMMUTABLE = "public, max-age=31536000, immutable";
/** Cache policy of the page: kept, but revalidated (ETag) on every load. */
export const REVALIDATE = "no-cache";

/** Reads UI files from a dist folder on first use and keeps them. */
export class UiAssets {
  readonly #dist: string;
  readonly #cache = new Map<string, UiFile | null>();

  constructor(dist = DEFAULT_UI_DIST) {
    this.#dist = dist.endsWith("/") ? dist : `${dist}/`;
  }

  /** `index.html`, or null when the UI was not built. */
  index(): Promise<UiFile | null> {
    return this.#load("index.html", REVALIDATE);
  }

  /**
   * A file of `assets/` by its name, or null when there is none. Names are single path
   * segments of letters, digits, `-`, `_` and dots: nothing can reach outside the folder.
   */
  asset(name: string): Promise<UiFile | null> {
    if (!NAME_RE.test(name)) return Promise.resolve(null);
    return this.#load(`assets/${name}`, IMMUTABLE);
  }

  async #load(rel: string, cacheControl: string): Promise<UiFile | null> {
    if (this.#cache.has(rel)) return this.#cache.get(rel)!;
    const path = this.#dist + rel;
    const identity = await readOrNull(path);
    let file: UiFile | null = null;
    if (identity) {
      const ext = rel.slice(rel.lastIndexOf(".") + 1);
      file = {
        contentType: TYPES[ext] ?? "application/octet-stream",
        cacheControl,
        etag: `"${createHash("sha256").update(identity).digest("hex").slice(0, 32)}"`,
        identity,
        gzip: (await readOrNull(`${path}.gz`)) ?? undefined,
        br: (await readOrNull(`${path}.br`)) ?? undefined,
      };
    }
    this.#cache.set(rel, file);
    return file;
  }
}

/**
 * The body and encoding to send for an `Accept-Encoding` header: brotli, then gzip, then the
 * file as is (a coding with `q=0` is refused).
 */
export function pickEncoding(
  file: UiFile,
  acceptEncoding: string | undefined,
): { body: Uint8Array; encoding?: "br" | "gzip" } {
  const accepts = acceptsCoding(acceptEncoding);
  if (file.br && accepts("br")) {
    return { body: file.br, encoding: "br" };
  }
  if (file.gzip && accepts("gzip")) {
    return { body: file.gzip, encoding: "gzip" };
  }
  return { body: file.identity };
}

async function readOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}
