/**
 * @module
 * Playback benchmarks against a real `hewston serve` on 127.0.0.1 with WebSocket clients in
 * this process, on one DEMO symbol-year (sma_crossover 20/50), printing their figures:
 *  - one session at speed 60: wall time from `play` to `end` — goal within 1 % of 60 s (the run's
 *    own bars / (60 × bars_per_year / 3600) is printed beside it);
 *  - inter-frame interval deviation from 33.3 ms (|Δt − 33.3|) — goal p50 ≤ 5 ms, p95 ≤ 16 ms;
 *  - 20 concurrent sessions at speed 60: the same jitter figures over all sessions, server CPU
 *    per session (process CPU time / wall / sessions) and RSS per session (peak RSS during the
 *    sessions minus RSS with the run loaded and no session, / sessions) — goal ≤ 2 % and ≤ 5 MB;
 *  - `seek` → the seek frame, while playing — goal ≤ 20 ms;
 *  - a 100-row page of the symbol-year's equity.parquet (`?format=json`) — goal ≤ 10 ms;
 *  - the whole-run series (`/series`, gzip), cold and warm.
 * The machine is shared: the figures carry its load average.
 *
 * Usage: scripts/deno run -A scripts/bench/playback_bench.ts [--sessions 20] [--skip-single]
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { quantile } from "../../src/api/prometheus.ts";
import { type FrameMessage, serverMessage } from "../../src/domain/playback.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    sessions: { type: "string", default: "20" },
    "skip-single": { type: "boolean", default: false },
  },
});
const SESSIONS = Number(values.sessions);
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const NOMINAL = 1000 / 30;
const dataDir = await Deno.makeTempDir({ prefix: "hewston-playback-bench-" });
const load = () => Deno.loadavg().map((x) => x.toFixed(1)).join(" ");

const child = new Deno.Command(join(REPO, "hewston"), {
  args: ["serve", "--port", "0", "--no-demo", "--log-level", "warn"],
  env: { HEWSTON_DATA_DIR: dataDir },
  stdin: "null",
  stdout: "piped",
  stderr: "inherit",
}).spawn();
// An interrupted bench takes its server with it.
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(sig, () => {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    Deno.exit(130);
  });
}
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let head = "";
while (!/serving on (http:\/\/\S+)/.test(head)) {
  const { value, done } = await reader.read();
  if (done) throw new Error("server exited: " + head);
  head += value;
}
const base = head.match(/serving on (http:\/\/\S+)/)![1];
const wsBase = base.replace("http:", "ws:");
(async () => {
  while (!(await reader.read()).done) { /* drain */ }
})();

/** The server's CPU seconds (user + system) and RSS in MB, from /proc. */
async function serverUsage(): Promise<{ cpu: number; rssMb: number }> {
  const stat = (await Deno.readTextFile(`/proc/${child.pid}/stat`)).split(") ")[1].split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]); // utime, stime (fields 14, 15)
  const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
  const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)![1]);
  return { cpu: ticks / 100, rssMb: rssKb / 1024 };
}

/** One playback session: frame arrival times, seek latencies, play → end. */
class Session {
  readonly ws: WebSocket;
  readonly arrivals: number[] = [];
  readonly frames: FrameMessage[] = [];
  hello: { bars: number; bars_per_year: number } | undefined;
  #waitSeek: ((at: number) => void) | undefined;
  #ended: Promise<number>;
  #helloed: Promise<void>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    let onEnd!: (t: number) => void, onHello!: () => void;
    this.#ended = new Promise((r) => (onEnd = r));
    this.#helloed = new Promise((r) => (onHello = r));
    this.ws.onmessage = (e) => {
      const at = performance.now();
      const msg = serverMessage.parse(JSON.parse(e.data as string));
      if (msg.t === "hello") (this.hello = msg, onHello());
      if (msg.t === "frame") {
        if (msg.seek) this.#waitSeek?.(at);
        else (this.arrivals.push(at), this.frames.push(msg));
      }
      if (msg.t === "end") onEnd(at);
    };
  }

  ready(): Promise<void> {
    return this.#helloed;
  }

  ctrl(cmd: string, extra: Record<string, unknown> = {}) {
    this.ws.send(JSON.stringify({ t: "ctrl", cmd, ...extra }));
  }

  /** Time from sending a seek to its seek frame. */
  seek(pos: number): Promise<number> {
    const t0 = performance.now();
    const p = new Promise<number>((r) => (this.#waitSeek = (at) => r(at - t0)));
    this.ctrl("seek", { pos });
    return p;
  }

  ended(): Promise<number> {
    return this.#ended;
  }

  /** |interval − 33.3 ms| between consecutive frames (skipping the first `skip`). */
  deviations(skip = 2): number[] {
    const out: number[] = [];
    for (let i = skip + 1; i < this.arrivals.length; i++) {
      out.push(Math.abs(this.arrivals[i] - this.arrivals[i - 1] - NOMINAL));
    }
    return out;
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);

try {
  console.log(`building the DEMO year and running sma_crossover 20/50 (not timed) …`);
  const post = await fetch(`${base}/backtests`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      symbol: "DEMO",
      from: "2024-01-01",
      to: "2024-12-31",
      strategy_id: "sma_crossover",
      params: { fast: 20, slow: 50 },
      slippage_fees: { k_spread: 0.5, fees_bps: 1 },
    }),
  });
  const runId = (await post.json()).run_id as string;
  const deadline = Date.now() + 300_000;
  while (true) {
    const run = await (await fetch(`${base}/backtests/${runId}`)).json();
    if (run.status === "DONE") break;
    if (run.status === "ERROR" || Date.now() > deadline) throw new Error(JSON.stringify(run));
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`run ${runId} DONE; load average ${load()}`);

  // Series: the first call loads the run (Parquet decode) and compresses; then cached.
  for (const label of ["cold", "warm"]) {
    const t0 = performance.now();
    const res = await fetch(`${base}/backtests/${runId}/series`, {
      headers: { "Accept-Encoding": "gzip" },
    });
    const bytes = (await res.arrayBuffer()).byteLength;
    console.log(
      `series, whole run (${label}): ${ms(performance.now() - t0)}, ${bytes} bytes decoded JSON`,
    );
  }

  // Parquet pages of equity.parquet (97,740 rows), 100 rows each at spread offsets.
  const pageTimes: number[] = [];
  for (let k = 0; k < 60; k++) {
    const offset = (k * 7919) % 97_000;
    const t0 = performance.now();
    const res = await fetch(
      `${base}/backtests/${runId}/artifacts/equity.parquet?format=json&offset=${offset}&limit=100`,
    );
    const page = await res.json();
    if (page.rows.length !== 100) throw new Error(`page at ${offset}: ${page.rows.length} rows`);
    if (k > 0) pageTimes.push(performance.now() - t0);
  }
  const pt = sorted(pageTimes);
  console.log(
    `equity.parquet 100-row page (HTTP, client-timed, ${pt.length} pages after the first): p50 ${
      ms(quantile(pt, 0.5))
    }, p95 ${ms(quantile(pt, 0.95))} — goal ≤ 10 ms; load ${load()}`,
  );

  const url = `${wsBase}/backtests/${runId}/ws`;
  if (!values["skip-single"]) {
    const s = new Session(url);
    await s.ready();
    const expected = s.hello!.bars / (60 * s.hello!.bars_per_year / 3600);
    const t0 = performance.now();
    s.ctrl("play");
    const endAt = await s.ended();
    const wall = (endAt - t0) / 1000;
    const dev = sorted(s.deviations());
    console.log(
      `one session, speed 60: ${s.hello!.bars} bars, play → end ${wall.toFixed(2)} s ` +
        `(formula ${expected.toFixed(2)} s; ${
          ((wall / 60 - 1) * 100).toFixed(2)
        } % from 60 s) — goal within 1 %`,
    );
    console.log(
      `  frames ${s.frames.length}, interval deviation p50 ${ms(quantile(dev, 0.5))}, p95 ${
        ms(quantile(dev, 0.95))
      }, max ${ms(dev.at(-1)!)} — goal p50 ≤ 5, p95 ≤ 16; dropped ${
        s.frames.reduce((a, f) => a + f.dropped, 0)
      }; load ${load()}`,
    );
    // Seek → seek frame, while playing.
    const seeks: number[] = [];
    s.ctrl("seek", { pos: 0 });
    s.ctrl("play");
    await new Promise((r) => setTimeout(r, 500));
    for (let k = 0; k < 30; k++) {
      seeks.push(await s.seek((k * 3571) % s.hello!.bars));
      await new Promise((r) => setTimeout(r, 50));
    }
    s.ctrl("pause");
    const sk = sorted(seeks);
    console.log(
      `seek → seek frame (playing, ${sk.length} seeks): p50 ${ms(quantile(sk, 0.5))}, p95 ${
        ms(quantile(sk, 0.95))
      }, max ${ms(sk.at(-1)!)} — goal ≤ 20 ms`,
    );
    s.ws.close();
  }

  // Concurrent sessions.
  await new Promise((r) => setTimeout(r, 500));
  const before = await serverUsage();
  const sessions = Array.from({ length: SESSIONS }, () => new Session(url));
  await Promise.all(sessions.map((s) => s.ready()));
  let peakRss = before.rssMb;
  const sampler = setInterval(async () => {
    peakRss = Math.max(peakRss, (await serverUsage()).rssMb);
  }, 250);
  const t0 = performance.now();
  for (const s of sessions) s.ctrl("play");
  const ends = await Promise.all(sessions.map((s) => s.ended()));
  const wallS = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const after = await serverUsage();
  peakRss = Math.max(peakRss, after.rssMb);
  const dev = sorted(sessions.flatMap((s) => s.deviations()));
  const walls = sorted(ends.map((e) => (e - t0) / 1000));
  const cpuPct = ((after.cpu - before.cpu) / wallS) * 100;
  console.log(
    `${SESSIONS} sessions, speed 60: play → end ${walls[0].toFixed(2)}–${
      walls.at(-1)!.toFixed(2)
    } s; ` +
      `interval deviation p50 ${ms(quantile(dev, 0.5))}, p95 ${ms(quantile(dev, 0.95))}; dropped ${
        sessions.reduce((a, s) => a + s.frames.reduce((b, f) => b + f.dropped, 0), 0)
      }`,
  );
  console.log(
    `  server CPU ${cpuPct.toFixed(1)} % of a core in all = ${
      (cpuPct / SESSIONS).toFixed(2)
    } % per session ` +
      `(goal ≤ 2 %); RSS ${before.rssMb.toFixed(0)} → peak ${peakRss.toFixed(0)} MB = ${
        ((peakRss - before.rssMb) / SESSIONS).toFixed(2)
      } MB per session (goal ≤ 5 MB); load ${load()}`,
  );
  for (const s of sessions) s.ws.close();
} finally {
  try {
    child.kill("SIGTERM");
  } catch { /* gone */ }
  await child.status;
  await Deno.remove(dataDir, { recursive: true });
}
