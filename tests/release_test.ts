/**
 * @module
 * The one-file release end to end: builds `dist/hewston` once (the real script, gzip level 1 to
 * keep CI quick), copies it into an empty temp folder outside the checkout and runs it as a
 * user would: HOME a fresh folder, a PATH holding only the shell tools a bare Debian has (no
 * deno), no other environment.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { buildRelease, type ReleaseBuild } from "../scripts/release_kit/build.ts";
import { listeningUrl } from "../scripts/release_kit/measure.ts";
import { codeVersion } from "../src/store/code_version.ts";
import { VERSION } from "../src/version.ts";

/** Tools a bare Debian has; the release may use these and nothing else from PATH. */
const SYSTEM_TOOLS = [
  "sh",
  "bash",
  "env",
  "tail",
  "wc",
  "tr",
  "mktemp",
  "mkdir",
  "gzip",
  "tar",
  "sha256sum",
  "flock",
  "mv",
  "rm",
  "realpath",
  "dirname",
  "cat",
  "sleep",
];

interface Sandbox {
  /** The copied release file. */
  file: string;
  /** Folder with only the copied file in it. */
  dir: string;
  home: string;
  path: string;
  build: ReleaseBuild;
}

let sandbox: Promise<Sandbox> | undefined;

/** Builds the release once per test file and lays out the user's empty folder. */
function release(): Promise<Sandbox> {
  sandbox ??= (async () => {
    const root = await Deno.makeTempDir({ prefix: "hewston-release-test-" });
    const build = await buildRelease({ out: join(root, "build", "hewston"), level: 1 });
    const dir = join(root, "user");
    const home = join(root, "home");
    const bin = join(root, "bin");
    for (const d of [dir, home, bin]) await Deno.mkdir(d);
    for (const tool of SYSTEM_TOOLS) {
      const found = await which(tool);
      if (found) await Deno.symlink(found, join(bin, tool));
    }
    const file = join(dir, "hewston");
    await Deno.copyFile(build.file, file);
    await Deno.chmod(file, 0o755);
    return { file, dir, home, path: bin, build };
  })();
  return sandbox;
}

async function which(tool: string): Promise<string | undefined> {
  for (const d of ["/usr/local/bin", "/usr/bin", "/bin"]) {
    try {
      await Deno.stat(join(d, tool));
      return join(d, tool);
    } catch { /* next */ }
  }
  return undefined;
}

function userEnv(s: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return { HOME: s.home, PATH: s.path, NO_COLOR: "1", ...extra };
}

async function run(
  s: Sandbox,
  args: string[],
  opts: { file?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(opts.file ?? s.file, {
    args,
    cwd: s.dir,
    env: userEnv(s, opts.env),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const DATA = "data"; // relative to the user's folder, like a user typing `hewston data --demo`

Deno.test("the release file runs --version with no checkout and no deno on PATH: version, code hash, Deno version", async () => {
  const s = await release();
  await assert.rejects(Deno.stat(join(s.path, "deno"))); // PATH is only SYSTEM_TOOLS

  const r = await run(s, ["--version"]);
  assert.equal(r.code, 0, r.stderr);
  const { codeHash } = await codeVersion();
  assert.equal(
    r.stdout.trim(),
    `hewston ${VERSION} (code ${codeHash}, deno ${s.build.denoVersion})`,
  );
});

Deno.test("the release file builds the DEMO dataset, backtests it and verifies the run", async () => {
  const s = await release();
  const data = await run(s, ["data", "--demo", "--data-dir", DATA]);
  assert.equal(data.code, 0, data.stderr);
  assert.match(data.stdout, /bars\s+97,740 one-minute bars/);
  const bt = await run(s, [
    "backtest",
    "--data-dir",
    DATA,
    "--symbol",
    "DEMO",
    "--from",
    "2024-01-01",
    "--to",
    "2024-12-31",
    "--strategy",
    "sma_crossover",
    "--param",
    "fast=20",
    "--param",
    "slow=50",
    "--seed",
    "42",
  ]);
  assert.equal(bt.code, 0, bt.stderr);
  const runId = bt.stdout.match(/run\s+([0-9a-f]{16})/)?.[1];
  assert.ok(runId, bt.stdout);
  await Deno.stat(join(s.dir, DATA, "backtests", runId, "manifest.json"));
  const verify = await run(s, ["verify", runId, "--data-dir", DATA]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

Deno.test("the release file serves /healthz, and / serves the UI when it was built", async () => {
  const s = await release();
  const child = new Deno.Command(s.file, {
    args: ["serve", "--no-demo", "--port", "0", "--data-dir", DATA],
    cwd: s.dir,
    env: userEnv(s),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const base = await listeningUrl(child.stdout);
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 200);
    const body = await health.json();
    assert.equal(body.version, VERSION);
    const home = await fetch(`${base}/`);
    const text = await home.text();
    if (s.build.withUi) {
      assert.equal(home.status, 200);
      assert.match(home.headers.get("content-type") ?? "", /text\/html/);
      assert.match(text, /<html/i);
    } else {
      // No ui/dist on this tree: `/` is the API's JSON 404, as from ./hewston.
      assert.equal(home.status, 404);
      assert.ok(JSON.parse(text).error.code);
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
  }
});
