/**
 * @module
 * The Deno runtime that goes into the release: the binary of the npm registry's platform package
 * (`@deno/linux-x64-glibc@<version>`, the one `npm install deno@<version>` picks), fetched once
 * with `npm pack` into a build cache — never the `deno` found on PATH. The version is the one
 * `scripts/deno` pins.
 */
import { join } from "node:path";

/** The Deno version pinned in `scripts/deno` (`DENO_VERSION=…`). */
export async function pinnedDenoVersion(root: string): Promise<string> {
  const text = await Deno.readTextFile(join(root, "scripts/deno"));
  const m = text.match(/^DENO_VERSION=(\S+)$/m);
  if (!m) throw new Error("scripts/deno does not set DENO_VERSION");
  return m[1];
}

/** npm platform package holding the Deno binary for this machine. */
export function denoPlatformPackage(): string {
  const arch = { x86_64: "x64", aarch64: "arm64" }[Deno.build.arch];
  const os = { linux: "linux", darwin: "darwin" }[Deno.build.os as string];
  if (!arch || !os) throw new Error(`no Deno npm package for ${Deno.build.os}/${Deno.build.arch}`);
  return os === "linux" ? `@deno/${os}-${arch}-glibc` : `@deno/${os}-${arch}`;
}

/**
 * Path of the pinned Deno binary from the npm registry, fetched into `cacheDir` on first use.
 * @param version e.g. "2.9.6"
 * @param cacheDir build cache (e.g. dist/.cache)
 */
export async function fetchDenoRuntime(version: string, cacheDir: string): Promise<string> {
  const pkg = denoPlatformPackage();
  const dir = join(cacheDir, `${pkg.replace("/", "+")}@${version}`);
  const bin = join(dir, "package", "deno");
  if (!(await exists(bin))) {
    await Deno.mkdir(dir, { recursive: true });
    const pack = await new Deno.Command("npm", {
      args: ["pack", `${pkg}@${version}`, "--pack-destination", dir, "--silent"],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!pack.success) {
      throw new Error(
        `npm pack ${pkg}@${version} failed: ${new TextDecoder().decode(pack.stderr)}`,
      );
    }
    const tgz = join(dir, new TextDecoder().decode(pack.stdout).trim().split("\n").pop()!);
    const untar = await new Deno.Command("tar", { args: ["-xzf", tgz, "-C", dir] }).output();
    if (!untar.success) throw new Error(`cannot unpack ${tgz}`);
    await Deno.remove(tgz);
  }
  const out = await new Deno.Command(bin, { args: ["--version"], stdout: "piped" }).output();
  const first = new TextDecoder().decode(out.stdout).split("\n")[0];
  if (!first.startsWith(`deno ${version} `)) {
    throw new Error(`${bin} reports "${first}", expected deno ${version}`);
  }
  return bin;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
