/**
 * @module
 * The README runs as written on a public clone: every command of its ```sh blocks runs, in
 * order, in a fresh copy of the repository's files (no `../shared` beside it, the default
 * `./data` inside it, no network but loopback), and exits 0; every relative link resolves.
 *
 * What cannot run literally is handled, never silently:
 * - `./scripts/test` is this very suite: skipped with a notice.
 * - `DATABENTO_API_KEY=db-... …` talks to a fake Databento on 127.0.0.1 (through
 *   `HEWSTON_DATABENTO_URL`) that answers `timeseries.get_range` with synthetic DBN files of
 *   the requested symbol and range.
 * - `scripts/release` builds `dist/hewston`; `cp dist/hewston ~/bin/ && hewston serve` copies it
 *   into the `~/bin` of a temp home (on `PATH`) and serves from it.
 * - `./hewston serve` listens on a free port instead of 8000 (which another process may hold),
 *   and `localhost:8000` in `curl` commands points at it; a block that calls the API without
 *   starting a server gets one started for it. Servers stop at the end of their block.
 * - `curl -N` (a live event stream) is cut after a few seconds.
 * - The placeholders `ID` and `RUN_ID` become the DEMO dataset's id and the latest run's id.
 */
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { REPO } from "./_hewston.ts";
import { generateSynthetic } from "../src/market/sources/synthetic.ts";

const dec = new TextDecoder();

/** The commands of a ```sh block: continuation lines joined, comments dropped, quotes kept. */
export function shellCommands(block: string): string[] {
  const commands: string[] = [];
  let cur = "";
  let quote: string | null = null;
  for (let i = 0; i < block.length; i++) {
    const ch = block[i];
    if (quote) {
      cur += ch;
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === "\\" && block[i + 1] === "\n") {
      i++;
    } else if (ch === "#" && (cur === "" || /\s$/.test(cur))) {
      while (i + 1 < block.length && block[i + 1] !== "\n") i++;
    } else if (ch === "\n") {
      if (cur.trim()) commands.push(cur.trim().replace(/\s+/g, " "));
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) commands.push(cur.trim().replace(/\s+/g, " "));
  return commands;
}

/** The ```sh blocks of a Markdown text. */
export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

Deno.test("shellCommands() joins continuations, drops comments and keeps quoted newlines", () => {
  assert.deepEqual(
    shellCommands(
      '# a comment\n./hewston a --x 1 \\\n  --y 2   # why\ncurl -d \'{"a":1,\n  "b":"#x"}\'\n',
    ),
    ["./hewston a --x 1 --y 2", `curl -d '{"a":1, "b":"#x"}'`],
  );
});

/** A copy of the repository's files (tracked and new, not ignored) in a temp folder. */
async function publicClone(): Promise<string> {
  const root = join(await Deno.makeTempDir(), "hewston");
  for (const rel of await repositoryFiles()) {
    const from = join(REPO, rel);
    const info = await Deno.lstat(from).catch(() => null);
    if (!info?.isFile) continue; // deleted in the working tree, or a link
    await Deno.mkdir(dirname(join(root, rel)), { recursive: true });
    await Deno.copyFile(from, join(root, rel));
    await Deno.chmod(join(root, rel), info.mode ?? 0o644);
  }
  // The pinned Deno, when it was installed locally rather than found on PATH.
  const tools = join(REPO, ".tools");
  if (await Deno.stat(tools).catch(() => null)) await Deno.symlink(tools, join(root, ".tools"));
  return root;
}

/** The repository's files: git's list (tracked and new, not ignored), else a walk of the tree. */
async function repositoryFiles(): Promise<string[]> {
  const git = await new Deno.Command("git", {
    args: ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    cwd: REPO,
    stdout: "piped",
    stderr: "null",
  }).output().catch(() => null);
  if (git?.success) return dec.decode(git.stdout).split("\0").filter(Boolean);
  // Not a git checkout (an unpacked archive): everything but what the build and runs add.
  const skip = new Set([".git", ".tools", "node_modules", "data", "dist", "ui/dist"]);
  const files: string[] = [];
  const walk = async (rel: string) => {
    for await (const e of Deno.readDir(join(REPO, rel))) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (skip.has(path)) continue;
      if (e.isDirectory) await walk(path);
      else if (e.isFile) files.push(path);
    }
  };
  await walk("");
  return files;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(
  cwd: string,
  command: string,
  env: Record<string, string> = {},
  timeoutMs = 300_000,
): Promise<Ran> {
  const child = new Deno.Command("bash", {
    args: ["-c", command],
    cwd,
    env: { NO_COLOR: "1", HEWSTON_DATA_DIR: "", DATABENTO_API_KEY: "", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const out = await child.output();
  clearTimeout(timer);
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/**
 * A fake Databento historical API on 127.0.0.1: `POST /v0/timeseries.get_range` answers with
 * synthetic DBN (the requested symbol, `start` to the day before `end`, TRADES or TBBO).
 */
async function fakeDatabento(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = await Deno.makeTempDir();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const form = new URLSearchParams(await req.text());
    if (!req.url.endsWith("/v0/timeseries.get_range") || !req.headers.get("authorization")) {
      return new Response(JSON.stringify({ detail: "not found" }), { status: 404 });
    }
    const last = new Date(Date.parse(form.get("end")!) - 86_400_000).toISOString().slice(0, 10);
    const out = join(dir, crypto.randomUUID());
    const files = await generateSynthetic({
      symbol: form.get("symbols")!,
      from: form.get("start")!,
      to: last,
      seed: 1,
      outDir: out,
    });
    const path = form.get("schema") === "trades" ? files.tradesPath : files.tbboPath;
    return new Response(await Deno.readFile(path), {
      headers: { "content-type": "application/octet-stream" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
  };
}

/** `./hewston serve …` in the background; resolves once its "serving" log line is out. */
async function startServe(cwd: string, command: string, env: Record<string, string> = {}) {
  const child = new Deno.Command("bash", {
    args: ["-c", `exec ${command}`],
    cwd,
    env: { NO_COLOR: "1", HEWSTON_DATA_DIR: "", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let log = "";
  const deadline = Date.now() + 60_000;
  while (!/"msg":"serving"/.test(log)) {
    assert.ok(Date.now() < deadline, `${command}: no "serving" line: ${log}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`${command} exited: ${log}`);
    log += value;
  }
  const pump = (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  const errText = new Response(child.stderr).text();
  return {
    async stop() {
      child.kill("SIGTERM");
      const status = await child.status;
      await pump;
      assert.equal(status.code, 0, `${command}: ${await errText}`);
    },
  };
}

Deno.test("every command in the README runs as written on a fresh clone", async (t) => {
  const readme = await Deno.readTextFile(join(REPO, "README.md"));
  const clone = await publicClone();
  // The clone is ~0.3 GB with its dataset and runs: left in /tmp, every CI run kept one.
  const temps = [dirname(clone)];
  try {
    const port = freePort();
    const ids = { dataset: "", run: "" };
    const learnIds = async () => {
      const demo = await sh(clone, "./hewston data --demo --json");
      if (demo.code === 0) ids.dataset = JSON.parse(demo.stdout).dataset.dataset_id ?? ids.dataset;
      const runs = await sh(clone, "./hewston runs --json");
      if (runs.code === 0) ids.run = JSON.parse(runs.stdout).items[0]?.run_id ?? ids.run;
    };
    const skipped: string[] = [];
    for (const [b, block] of shellBlocks(readme).entries()) {
      let server: Awaited<ReturnType<typeof startServe>> | null = null;
      const commands = shellCommands(block);
      if (!commands.some((c) => c.includes("hewston serve")) && block.includes("localhost:")) {
        server = await startServe(clone, `./hewston serve --port ${port}`);
      }
      for (const written of commands) {
        if (written.startsWith("./scripts/test")) {
          skipped.push(written);
          console.warn(`skipped (see the module doc): ${written}`);
          continue;
        }
        if (/\bRUN_ID\b|--dataset ID\b/.test(written)) await learnIds();
        const command = written
          .replaceAll("localhost:8000", `localhost:${port}`)
          .replace(/--port 8000\b/, `--port ${port}`)
          .replace(/\bRUN_ID\b/g, ids.run)
          .replace(/--dataset ID\b/, `--dataset ${ids.dataset}`);
        await t.step(`block ${b + 1}: ${written}`, async () => {
          // `[setup &&] …hewston serve …`: the setup runs first (in a home of its own, so an
          // install into ~/bin touches nothing real), then the server starts in the background.
          const serve = command.match(/^(?:(.*?)\s*&&\s*)?(\S*hewston serve\b.*)$/);
          if (serve) {
            const [, setup, start] = serve;
            const home = await Deno.makeTempDir();
            await Deno.mkdir(join(home, "bin"));
            const env = { HOME: home, PATH: `${join(home, "bin")}:${Deno.env.get("PATH")}` };
            if (setup) {
              const r = await sh(clone, setup, env);
              assert.equal(r.code, 0, `${setup}\n${r.stdout}\n${r.stderr}`);
            }
            server = await startServe(
              clone,
              start.includes("--port") ? start : `${start} --port ${port}`,
              setup ? env : {},
            );
            return;
          }
          if (command.startsWith("curl -N")) {
            // A live stream: take what arrives in a few seconds.
            const r = await sh(clone, command.replace("curl -N", "curl -N --max-time 4"));
            assert.ok(r.code === 0 || r.code === 28, `${command}: exit ${r.code} ${r.stderr}`);
            assert.match(r.stdout, /^event: /m, r.stdout);
            return;
          }
          if (command.startsWith("DATABENTO_API_KEY=")) {
            const databento = await fakeDatabento();
            try {
              const r = await sh(clone, command, { HEWSTON_DATABENTO_URL: databento.url });
              assert.equal(r.code, 0, `${command}\n${r.stdout}\n${r.stderr}`);
              assert.match(r.stdout, /^dataset {2}\S+ {2}\(READY\)/m);
            } finally {
              await databento.close();
            }
            return;
          }
          const r = await sh(clone, command);
          assert.equal(r.code, 0, `${command}\n${r.stdout}\n${r.stderr}`);
          if (command.startsWith("curl")) {
            const body = JSON.parse(r.stdout);
            assert.ok(!("error" in body), r.stdout);
            if (body.run_id) ids.run = body.run_id;
          }
        });
      }
      if (server) await (server as { stop(): Promise<void> }).stop();
    }
    assert.deepEqual(skipped, ["./scripts/test"]);
  } finally {
    for (const dir of temps) await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
});

Deno.test("every relative link in the README points at a file of the repository", async () => {
  const readme = await Deno.readTextFile(join(REPO, "README.md"));
  const links = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1])
    .filter((href) => !/^[a-z]+:/.test(href));
  assert.ok(links.length > 0);
  for (const href of links) {
    const target = resolve(REPO, href);
    assert.ok(target.startsWith(REPO + "/"), `${href} leaves the repository`);
    assert.ok(await Deno.stat(target).catch(() => null), `${href} does not exist`);
  }
});
