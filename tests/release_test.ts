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
import { SAMPLES, sampleTest } from "./_hewston.ts";
import { VERSION } from "../src/version.ts";

/** Tools a bare Debian has; the release may use these and nothing else from PATH. */
const SYSTEM_TOOLS = [
  "sh",
  "bash",
  "env",
  "tail",
  "head",
  "dd",
  "chmod",
  "wc",
  "tr",
  "mktemp",
  "mkdir",
  "gzip",
  "xz",
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
    // The build and the user's data dir take ~0.5 GB: removed when this file's tests end.
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(root, { recursive: true });
      } catch { /* already gone */ }
    });
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

/** The run the backtest test made (DONE), played back over WebSocket by the serve test. */
let demoRunId: string | undefined;

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
  demoRunId = runId;
  const verify = await run(s, ["verify", runId, "--data-dir", DATA]);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  const runs = await run(s, ["runs", "--data-dir", DATA]);
  assert.equal(runs.code, 0, runs.stderr);
  assert.ok(runs.stdout.includes(runId), runs.stdout);
  const show = await run(s, ["runs", "show", runId, "--data-dir", DATA]);
  assert.equal(show.code, 0, show.stderr);
  assert.ok(show.stdout.includes(runId), show.stdout);
});

Deno.test("the release file sweeps a grid on its worker pool and prunes", async () => {
  const s = await release();
  const sweep = await run(s, [
    "sweep",
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
    "--grid",
    "fast=10,20",
    "--grid",
    "slow=50,100",
    "--workers",
    "2",
  ]);
  assert.equal(sweep.code, 0, sweep.stderr);
  assert.match(sweep.stdout, /PBO|pbo/);
  const prune = await run(s, ["prune", "--keep", "100", "--data-dir", DATA]);
  assert.equal(prune.code, 0, prune.stderr);
});

sampleTest("the release file prints a DBN file named on its command line", async () => {
  const s = await release();
  const sample = join(SAMPLES, "test_data.trades.v3.dbn.zst");
  const r = await run(s, ["dbn", sample, "--limit", "2"]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.equal(lines[0].price, "3720.250000000");
  const meta = await run(s, ["dbn", sample, "--metadata"]);
  assert.equal(meta.code, 0, meta.stderr);
  assert.equal(JSON.parse(meta.stdout).schema, "trades");
});

Deno.test("the release file serves /healthz, the UI at / when it was built, and plays a run over WebSocket to the end", async () => {
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
    // The project builds a UI (a `ui:build` task): then the release must carry and serve it.
    const tasks =
      JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url))).tasks;
    assert.equal(s.build.withUi, tasks?.["ui:build"] !== undefined);
    if (s.build.withUi) {
      assert.equal(home.status, 200);
      assert.match(home.headers.get("content-type") ?? "", /text\/html/);
      assert.match(text, /<html/i);
    } else {
      // No ui/dist on this tree: `/` is the API's JSON 404, as from ./hewston.
      assert.equal(home.status, 404);
      assert.ok(JSON.parse(text).error.code);
    }
    assert.ok(demoRunId, "the backtest test made a run");
    const played = await playToEnd(`${base.replace("http", "ws")}/backtests/${demoRunId}/ws`);
    assert.equal(played.hello.run_id, demoRunId);
    assert.equal(played.hello.bars, 97_740);
    assert.ok(played.frames.length > 0);
    assert.equal(played.frames.at(-1)!.i1, played.hello.bars);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
  }
});

/** Plays a run over the playback WebSocket at the fastest speed; resolves at its `end`. */
function playToEnd(url: string): Promise<{
  hello: { run_id: string; bars: number };
  frames: { i0: number; i1: number }[];
}> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: { i0: number; i1: number }[] = [];
    let hello: { run_id: string; bars: number } | undefined;
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error(`no end after 30 s (${frames.length} frames)`));
    }, 30_000);
    ws.onerror = () => {
      clearTimeout(timer);
      reject(new Error(`WebSocket ${url} failed`));
    };
    ws.onmessage = (e) => {
      const msg = JSON.parse(e.data);
      if (msg.t === "hello") {
        hello = msg;
        ws.send(JSON.stringify({ t: "ctrl", cmd: "speed", val: 100_000 }));
        ws.send(JSON.stringify({ t: "ctrl", cmd: "play" }));
      } else if (msg.t === "frame") frames.push(msg);
      else if (msg.t === "err") {
        clearTimeout(timer);
        reject(new Error(`playback error ${e.data}`));
      } else if (msg.t === "end") {
        clearTimeout(timer);
        ws.onclose = () => resolve({ hello: hello!, frames });
        ws.close();
      }
    };
  });
}

/** The command line of a running process (the release execs down to Deno: same pid). */
async function cmdline(pid: number): Promise<string[]> {
  const raw = await Deno.readTextFile(`/proc/${pid}/cmdline`);
  return raw.split("\0").filter((a) => a !== "");
}

Deno.test("the release file reads a CSV named on its command line from outside the data dir", async () => {
  const s = await release();
  const csv = join(s.dir, "..", "named-candles.csv");
  const rows = ["ts,open,high,low,close,volume"];
  for (let i = 0; i < 390; i++) {
    const o = 100 + i * 0.01;
    rows.push(
      `${new Date(Date.UTC(2024, 2, 8, 14, 30 + i)).toISOString()},${o},${o + 0.05},${o - 0.05},${
        o + 0.01
      },${100 + i}`,
    );
  }
  await Deno.writeTextFile(csv, rows.join("\n") + "\n");
  const r = await run(s, [
    "data",
    "--data-dir",
    DATA,
    "--symbol",
    "ACME",
    "--from",
    "2024-03-08",
    "--to",
    "2024-03-08",
    "--csv",
    csv,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).bars, 390);
});

Deno.test("the release's Deno cannot read a file outside the data dir that was not named, nor write outside it", async () => {
  const s = await release();
  const outside = join(s.dir, "..", "outside");
  await Deno.mkdir(outside, { recursive: true });
  const secret = join(outside, "secret.txt");
  await Deno.writeTextFile(secret, "not for hewston");
  const data = join(s.dir, DATA);
  await Deno.mkdir(data, { recursive: true });
  // Run the release's Deno with exactly the flags the release started `serve` with, on a probe
  // script that tries each access and reports what was refused.
  const child = new Deno.Command(s.file, {
    args: ["serve", "--no-demo", "--port", "0", "--data-dir", DATA],
    cwd: s.dir,
    env: userEnv(s),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let argv: string[];
  try {
    await listeningUrl(child.stdout);
    argv = await cmdline(child.pid);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
  }
  const [deno, sub, ...rest] = argv;
  assert.equal(sub, "run");
  assert.ok(deno.includes("/.cache/hewston/"), deno); // the unpacked runtime, not a PATH deno
  const entry = rest.findIndex((a) => a.endsWith("/main.js"));
  const flags = rest.slice(0, entry);
  const write = flags.find((f) => f.startsWith("--allow-write="))!;
  assert.deepEqual(new Set(write.slice("--allow-write=".length).split(",")), new Set([data]));
  const probe = join(data, "probe.js");
  await Deno.writeTextFile(
    probe,
    `const tries = {
      read_secret: () => Deno.readTextFileSync(${JSON.stringify(secret)}),
      write_outside: () => Deno.writeTextFileSync(${JSON.stringify(join(outside, "w.txt"))}, "x"),
      write_home: () => Deno.writeTextFileSync(${JSON.stringify(join(s.home, "w.txt"))}, "x"),
      write_data: () => Deno.writeTextFileSync(${JSON.stringify(join(data, "w.txt"))}, "x"),
      read_data: () => Deno.readTextFileSync(${JSON.stringify(join(data, "w.txt"))}),
    };
    const out = {};
    for (const [k, f] of Object.entries(tries)) {
      try { f(); out[k] = "allowed"; } catch (e) { out[k] = e.name; }
    }
    console.log(JSON.stringify(out));`,
  );
  const res = await new Deno.Command(deno, {
    args: ["run", ...flags, probe],
    cwd: s.dir,
    env: userEnv(s),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(res.code, 0, new TextDecoder().decode(res.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(res.stdout)), {
    read_secret: "NotCapable",
    write_outside: "NotCapable",
    write_home: "NotCapable",
    write_data: "allowed",
    read_data: "allowed",
  });
  await assert.rejects(Deno.stat(join(outside, "w.txt")));
});

Deno.test("two copies of the release starting at once on an empty cache both run, and unpack once", async () => {
  const s = await release();
  const cache = join(s.home, "cache-concurrent");
  const [a, b] = await Promise.all([
    run(s, ["--version"], { env: { XDG_CACHE_HOME: cache } }),
    run(s, ["--version"], { env: { XDG_CACHE_HOME: cache } }),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout, b.stdout);
  const entries = [];
  for await (const e of Deno.readDir(join(cache, "hewston"))) entries.push(e.name);
  const folder = `${VERSION}-${s.build.payloadSha256.slice(0, 12)}`;
  assert.deepEqual(entries.sort(), [".lock", folder]); // no half-unpacked temp folder left
});

Deno.test("a corrupted or truncated release file is refused with one clear line and unpacks nothing", async () => {
  const s = await release();
  const bytes = await Deno.readFile(s.file);
  const corrupted = join(s.dir, "..", "hewston-corrupted");
  const flipped = bytes.slice();
  flipped[flipped.length - 1000] ^= 0xff;
  await Deno.writeFile(corrupted, flipped, { mode: 0o755 });
  const truncated = join(s.dir, "..", "hewston-truncated");
  await Deno.writeFile(truncated, bytes.subarray(0, bytes.length - 4096), { mode: 0o755 });
  for (
    const [file, why] of [[corrupted, /is corrupted \(payload sha256 [0-9a-f]{64}, expected/], [
      truncated,
      /is damaged \(payload is \d+ bytes, expected \d+\)/,
    ]] as const
  ) {
    const cache = join(s.home, `cache-${why.source.slice(3, 10).replace(/\W/g, "")}`);
    const r = await run(s, ["--version"], { file, env: { XDG_CACHE_HOME: cache } });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /^hewston: /);
    assert.match(lines[0], why);
    const left = [];
    for await (const e of Deno.readDir(join(cache, "hewston"))) left.push(e.name);
    assert.deepEqual(left, [".lock"]);
  }
});
