/**
 * @module
 * Measures a release file against its goals: size ≤ 45 MB; first start (unpack into an empty
 * cache, then `--version`) ≤ 1.5 s; later start (cache and data dir warm: spawn `serve` until
 * `/healthz` answers 200) ≤ 150 ms. Each run uses a fresh HOME and cache folder; figures are medians.
 */
import { join } from "node:path";

/** Release goals, from issue 14. */
export const GOALS = { maxBytes: 45_000_000, firstStartMs: 1500, laterStartMs: 150 };

/** Figures of one release file. */
export interface ReleaseFigures {
  bytes: number;
  firstStartMs: number;
  laterStartMs: number;
  firstStartRuns: number[];
  laterStartRuns: number[];
  /** CPU time (user + system, all processes) of the median first start: less load-sensitive. */
  firstStartCpuMs: number;
  /** CPU time of the median later start up to the /healthz answer (Linux /proc; else NaN). */
  laterStartCpuMs: number;
}

/**
 * Measures `file` (absolute path to a release file).
 * @param opts.firstRuns runs of the unpacking start (default 3)
 * @param opts.laterRuns runs of the warm start (default 5)
 */
export async function measureRelease(
  file: string,
  opts: { firstRuns?: number; laterRuns?: number } = {},
): Promise<ReleaseFigures> {
  const bytes = (await Deno.stat(file)).size;
  const firstStartRuns: number[] = [];
  const firstStartCpu: number[] = [];
  const laterStartRuns: number[] = [];
  const laterStartCpu: number[] = [];
  const home = await Deno.makeTempDir({ prefix: "hewston-release-measure-" });
  try {
    for (let i = 0; i < (opts.firstRuns ?? 3); i++) {
      const cache = join(home, `cache-${i}`);
      const t0 = performance.now();
      // `times` (POSIX) prints the CPU time of the shell's children on its second line.
      const out = await new Deno.Command("/bin/sh", {
        args: ["-c", '"$0" --version >/dev/null && times', file],
        cwd: home,
        env: scrubbedEnv(home, cache),
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const ms = performance.now() - t0;
      if (!out.success) {
        throw new Error(`--version failed: ${new TextDecoder().decode(out.stderr)}`);
      }
      firstStartRuns.push(ms);
      firstStartCpu.push(childCpuMs(new TextDecoder().decode(out.stdout)));
      if (i > 0) await Deno.remove(cache, { recursive: true });
    }
    const warm = join(home, "cache-0");
    // A later start is a user's next `serve` on the data dir they already have: the first,
    // untimed, creates the catalog.
    const data = await Deno.makeTempDir({ dir: home, prefix: "data-" });
    await timeToHealthz(file, home, warm, data);
    for (let i = 0; i < (opts.laterRuns ?? 5); i++) {
      const { ms, cpuMs } = await timeToHealthz(file, home, warm, data);
      laterStartRuns.push(ms);
      laterStartCpu.push(cpuMs);
    }
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
  return {
    bytes,
    firstStartMs: median(firstStartRuns),
    laterStartMs: median(laterStartRuns),
    firstStartRuns,
    laterStartRuns,
    firstStartCpuMs: firstStartCpu[firstStartRuns.indexOf(median(firstStartRuns))],
    laterStartCpuMs: laterStartCpu[laterStartRuns.indexOf(median(laterStartRuns))],
  };
}

/** Sums the children's user and system times from `times` output ("0m1.250s 0m0.310s"). */
function childCpuMs(timesOutput: string): number {
  const line = timesOutput.trim().split("\n").at(-1) ?? "";
  let total = 0;
  for (const m of line.matchAll(/(\d+)m([\d.]+)s/g)) {
    total += Number(m[1]) * 60_000 + Number(m[2]) * 1000;
  }
  return total;
}

/** One line per goal: figure, goal, met or missed. */
export function formatFigures(f: ReleaseFigures): string {
  const mb = (n: number) => (n / 1e6).toFixed(1) + " MB";
  const ms = (n: number) => n.toFixed(0) + " ms";
  const mark = (ok: boolean) => (ok ? "met" : "MISSED");
  return [
    `size         ${mb(f.bytes)} = ${(f.bytes / 1024 / 1024).toFixed(1)} MiB (goal ≤ ${
      mb(GOALS.maxBytes)
    }: ${mark(f.bytes <= GOALS.maxBytes)})`,
    `first start  ${ms(f.firstStartMs)} median of [${f.firstStartRuns.map(ms).join(", ")}] ` +
    `(unpack + --version; goal ≤ ${ms(GOALS.firstStartMs)}: ${
      mark(f.firstStartMs <= GOALS.firstStartMs)
    }; CPU ${ms(f.firstStartCpuMs)})`,
    `later start  ${ms(f.laterStartMs)} median of [${f.laterStartRuns.map(ms).join(", ")}] ` +
    `(spawn serve → /healthz 200; goal ≤ ${ms(GOALS.laterStartMs)}: ${
      mark(f.laterStartMs <= GOALS.laterStartMs)
    }; CPU ${ms(f.laterStartCpuMs)})`,
  ].join("\n");
}

/** Environment of a user who has only this file: no deno on PATH, HOME a fresh folder. */
export function scrubbedEnv(home: string, cache?: string): Record<string, string> {
  const env: Record<string, string> = {
    HOME: home,
    PATH: "/usr/local/bin:/usr/bin:/bin",
    NO_COLOR: "1",
    LANG: "C.UTF-8",
  };
  if (cache) env.XDG_CACHE_HOME = cache;
  return env;
}

async function timeToHealthz(
  file: string,
  home: string,
  cache: string,
  data: string,
): Promise<{ ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const child = new Deno.Command(file, {
    args: ["serve", "--no-demo", "--port", "0", "--data-dir", data],
    cwd: home,
    env: scrubbedEnv(home, cache),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const base = await listeningUrl(child.stdout);
    for (;;) {
      const res = await fetch(`${base}/healthz`).catch(() => undefined);
      if (res) {
        await res.body?.cancel();
        if (res.status === 200) {
          return { ms: performance.now() - t0, cpuMs: await processCpuMs(child.pid) };
        }
      }
      if (performance.now() - t0 > 30_000) throw new Error("/healthz never answered 200");
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel().catch(() => {});
  }
}

/**
 * CPU time so far of a process and its threads: the release's shell header and launcher exec
 * into Deno, so the one pid carries the whole start (`utime` + `stime`, in clock ticks of 10 ms).
 */
async function processCpuMs(pid: number): Promise<number> {
  try {
    const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Reads a server's stdout until its "serving" JSON log line; returns the URL it names. */
export async function listeningUrl(stdout: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited before listening: ${text}`);
    text += value;
    const m = text.match(/"msg":"serving","url":"(http:\/\/[^"]+)"/);
    if (m) {
      // Keep draining so the server never blocks on a full pipe.
      (async () => {
        while (!(await reader.read().catch(() => ({ done: true }))).done) { /* drain */ }
      })();
      return m[1].replace("//0.0.0.0:", "//127.0.0.1:");
    }
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}
