/**
 * @module
 * Issue 5 benchmarks against a real `hewston serve` on 127.0.0.1, printing their figures:
 *  - `wrk` on GET /backtests and GET /healthz with 100 runs in the catalog, paced to about
 *    1,000 req/s (10 connections, each waiting 9 ms between requests): p50 and p99 — goal
 *    p50 ≤ 2 ms, p99 ≤ 10 ms;
 *  - POST /backtests → `done` on the events stream, one symbol-year, warm — goal ≤ 100 ms;
 *  - RSS of the idle server after 100 runs — goal ≤ 120 MB (idle = past `--worker-idle`, when
 *    the pool has released its workers).
 * Needs `wrk` (Debian package). All traffic stays on loopback; every loop is bounded.
 *
 * Usage: scripts/deno run -A scripts/bench/service_bench.ts [--seconds 10]
 */
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const { values } = parseArgs({
  args: Deno.args,
  options: { seconds: { type: "string", default: "10" } },
});
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const dataDir = await Deno.makeTempDir({ prefix: "hewston-service-bench-" });

async function hewston(args: string[]) {
  const out = await new Deno.Command(join(REPO, "hewston"), {
    args,
    env: { HEWSTON_DATA_DIR: dataDir },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

console.log("building the DEMO year and a TEST week (not timed) …");
await hewston(["data", "--demo", "--json"]);
const test = JSON.parse(
  await hewston([
    "data",
    "--symbol",
    "TEST",
    "--from",
    "2024-03-04",
    "--to",
    "2024-03-08",
    "--synthetic",
    "--json",
  ]),
);
const demoId = JSON.parse(await hewston(["data", "--demo", "--json"])).dataset.datasetId;

const child = new Deno.Command(join(REPO, "hewston"), {
  args: [
    "serve",
    "--port",
    "0",
    "--no-demo",
    "--keep",
    "1000",
    "--log-level",
    "warn",
    "--worker-idle",
    "5",
  ],
  env: { HEWSTON_DATA_DIR: dataDir },
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
let head = "";
// The server's "serving" JSON log line carries its URL.
const SERVING = /"msg":"serving","url":"([^"]+)"/;
while (!SERVING.test(head)) {
  const { value, done } = await reader.read();
  if (done) throw new Error("server exited: " + head);
  head += value;
}
const base = head.match(SERVING)![1];
(async () => { // keep draining stdout
  while (!(await reader.read()).done) { /* discard */ }
})();

async function post(body: unknown): Promise<string> {
  const res = await fetch(`${base}/backtests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(JSON.stringify(json));
  return json.run_id;
}

/** POSTs and reads the events stream until a terminal event; returns ms from POST to done. */
async function postUntilDone(body: unknown): Promise<number> {
  const t0 = performance.now();
  const id = await post(body);
  const res = await fetch(`${base}/backtests/${id}/events/stream`);
  const text = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  while (!/event: (done|error|cancelled)/.test(buf)) {
    const { value, done } = await text.read();
    if (done) break;
    buf += value;
  }
  const ms = performance.now() - t0;
  await text.cancel();
  if (!/event: done/.test(buf)) throw new Error("run did not finish: " + buf.slice(-300));
  return ms;
}

console.log("creating 100 runs …");
for (let i = 0; i < 100; i++) {
  await postUntilDone({
    dataset_id: test.dataset.datasetId,
    strategy_id: "sma_crossover",
    params: { fast: 5 + (i % 10), slow: 30 + Math.floor(i / 10) },
    seed: 42,
  });
}

// POST → DONE, warm: a few warm-up runs, then the median of 10.
const times: number[] = [];
for (let i = 0; i < 13; i++) {
  const ms = await postUntilDone({
    dataset_id: demoId,
    strategy_id: "sma_crossover",
    params: { fast: 20, slow: 50 + i },
    seed: 42,
    slippage_fees: { k_spread: 0.5, fees_bps: 1 },
  });
  if (i >= 3) times.push(ms);
}
times.sort((a, b) => a - b);

async function wrk(path: string): Promise<{ p50: string; p99: string; rps: string }> {
  const script = await Deno.makeTempFile({ suffix: ".lua" });
  await Deno.writeTextFile(script, "function delay()\n  return 9\nend\n");
  const out = await new Deno.Command("wrk", {
    args: ["-t2", "-c10", `-d${values.seconds}s`, "--latency", "-s", script, `${base}${path}`],
    stdout: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const pick = (re: RegExp) => text.match(re)?.[1] ?? "?";
  return {
    p50: pick(/\s50%\s+(\S+)/),
    p99: pick(/\s99%\s+(\S+)/),
    rps: pick(/Requests\/sec:\s+(\S+)/),
  };
}
const list = await wrk("/backtests");
const health = await wrk("/healthz");
// Idle: the pool releases its workers after --worker-idle (5 s here; 60 s by default).
await new Promise((r) => setTimeout(r, 7000));
const status = await Deno.readTextFile(`/proc/${child.pid}/status`);
const rssMb = Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) / 1024;

console.log(
  `GET /backtests (100 runs), ${list.rps} req/s: p50 ${list.p50}, p99 ${list.p99}  (goal p50 ≤ 2 ms, p99 ≤ 10 ms)`,
);
console.log(
  `GET /healthz, ${health.rps} req/s: p50 ${health.p50}, p99 ${health.p99}  (goal p50 ≤ 2 ms, p99 ≤ 10 ms)`,
);
console.log(
  `POST → done (events stream), one symbol-year, warm: median ${times[5].toFixed(1)} ms, max ${
    times.at(-1)!.toFixed(1)
  } ms over ${times.length}  (goal ≤ 100 ms)`,
);
console.log(`RSS of the idle server after 100+ runs: ${rssMb.toFixed(0)} MB  (goal ≤ 120 MB)`);
child.kill("SIGTERM");
await child.status;
await Deno.remove(dataDir, { recursive: true });
