/**
 * @module
 * Packs a staged release folder into the self-extracting file: `header.sh` with its fields
 * filled in (version, payload sha256, sizes, header length), then the payload: the folder but
 * `deno` as a deterministic xz'd tar (sorted names, owner 0, mtime 0: the same folder gives the
 * same bytes), then the `deno` binary as two gzip'd halves split on a MiB boundary, which the
 * header decompresses in parallel (gunzip of the runtime is most of a first start).
 */
import { join } from "node:path";
import { sha256Hex } from "../../src/domain/hash.ts";

/** Options of {@link writeSelfExtracting}. */
export interface PackOptions {
  /** The staged folder (holds `hewston`, `deno`, `main.js`, …). */
  stageDir: string;
  /** Output file (made executable). */
  outFile: string;
  /** Hewston's version, part of the cache folder name. */
  version: string;
  /** gzip level 1–9 (default 9). */
  level?: number;
}

/** What {@link writeSelfExtracting} wrote. */
export interface PackResult {
  bytes: number;
  payloadBytes: number;
  payloadSha256: string;
  headerBytes: number;
}

/** Writes the self-extracting release file. */
export async function writeSelfExtracting(opts: PackOptions): Promise<PackResult> {
  const level = opts.level ?? 9;
  const deno = await Deno.readFile(join(opts.stageDir, "deno"));
  const splitMib = Math.ceil(deno.length / 2 / MIB);
  const [appXz, gz1, gz2] = await Promise.all([
    tarXz(opts.stageDir),
    gzip(deno.subarray(0, splitMib * MIB), level),
    gzip(deno.subarray(splitMib * MIB), level),
  ]);
  const payload = concat([appXz, gz1, gz2]);
  const sha = sha256Hex(payload);
  const template = await Deno.readTextFile(new URL("./header.sh", import.meta.url));
  const header = fillHeader(template, {
    VERSION: opts.version,
    SHA256: sha,
    SHA12: sha.slice(0, 12),
    SIZE: String(payload.length),
    APP_XZ: String(appXz.length),
    DENO_GZ1: String(gz1.length),
    DENO_SPLIT_MIB: String(splitMib),
  });
  const head = new TextEncoder().encode(header);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  await Deno.writeFile(opts.outFile, out, { mode: 0o755 });
  await Deno.chmod(opts.outFile, 0o755);
  return {
    bytes: out.length,
    payloadBytes: payload.length,
    payloadSha256: sha,
    headerBytes: head.length,
  };
}

/**
 * Fills `@NAME@` fields; `@SKIP@` becomes the header's own length in bytes (found by
 * iterating, since the number's digits count too).
 */
export function fillHeader(template: string, fields: Record<string, string>): string {
  let text = template;
  for (const [k, v] of Object.entries(fields)) {
    if (!/^[A-Za-z0-9._+-]*$/.test(v)) throw new Error(`release header: unsafe ${k} "${v}"`);
    text = text.replaceAll(`@${k}@`, v);
  }
  let skip = 0;
  for (;;) {
    const filled = text.replaceAll("@SKIP@", String(skip));
    const len = new TextEncoder().encode(filled).length;
    if (len === skip) return filled;
    skip = len;
  }
}

const MIB = 1024 * 1024;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function gzip(bytes: Uint8Array, level: number): Promise<Uint8Array> {
  const child = new Deno.Command("gzip", {
    args: ["-n", `-${level}`],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const done = writer.write(bytes).then(() => writer.close());
  const out = await child.output();
  await done;
  if (!out.success) throw new Error("gzip failed");
  return out.stdout;
}

// The app (bundle, wasm, UI, sources) is small: xz makes it a third smaller than gzip and still
// unpacks in a fraction of the time the runtime's halves take. The runtime stays gzip (fast).
async function tarXz(dir: string): Promise<Uint8Array> {
  const tar = new Deno.Command("sh", {
    args: [
      "-c",
      `tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 --format=gnu --exclude=./deno -C "$1" -cf - . | xz -9 -T1 -c`,
      "sh",
      dir,
    ],
    stdout: "piped",
    stderr: "piped",
  });
  const out = await tar.output();
  if (!out.success) {
    throw new Error(`tar | gzip failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return out.stdout;
}

/** The folder name the header unpacks into, under `${XDG_CACHE_HOME:-$HOME/.cache}/hewston`. */
export function cacheFolderName(version: string, payloadSha256: string): string {
  return join(`${version}-${payloadSha256.slice(0, 12)}`);
}
