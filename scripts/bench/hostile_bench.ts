/**
 * @module
 * Hostile traffic against a real `hewston serve` (with a token, so every request is refused
 * before any route runs): requests with made-up methods, random paths and no or wrong
 * credentials, plus a rebinding Host and form-typed POSTs. Prints how many answers were 5xx or
 * named an absolute server path, the `/metrics` size and series, and the server's memory.
 *
 * Memory is read inside the server through its inspector (`--inspect`, see `_inspector.ts`):
 * after a warm-up of `--warmup` requests (JIT, allocator, the bounded metric series), each of
 * `--rounds` rounds of `--requests` requests is followed by two forced full collections, then
 * RSS and the JS heap in use are read. The RSS before the forced collection is printed too:
 * it is what a user sees, garbage included, and V8 lets it grow to tens of MB before
 * collecting. **Flat** means, for every round after the warm-up: the JS heap in use after a
 * full collection grows by at most `HEAP_FLAT_MB` (0.5 MB, 26 bytes a request over 20,000)
 * and RSS after a full collection by at most `RSS_FLAT_MB` (8 MB: the allocator keeps freed
 * pages, so RSS moves by a few MB without any leak). The bench exits 1 when memory is not
 * flat, when any answer is 5xx or names an absolute path, or when the server died.
 *
 * With `--open` the server runs without a token (the loopback default), so the requests reach
 * the Host/Origin/Content-Type guard and the router instead of stopping at auth, and a third
 * of them are well-formed requests with junk JSON bodies and query strings on every route
 * family (runs, datasets, presets, candles, features, events, artifacts).
 *
 * During the measured rounds `--slow` (default 100) slowloris connections send a request head
 * a byte a second; the bench prints when the server closed them (its header deadline, 10 s by
 * default) and fails if any was never closed.
 *
 * `--snapshots DIR` writes heap snapshots after the warm-up and after the last round (open
 * them in Chromium's DevTools, Memory tab, "Comparison") to see what grew.
 *
 * Run: `scripts/deno run -A scripts/bench/hostile_bench.ts [--requests 20000] [--rounds 2]
 * [--warmup 20000] [--concurrency 32] [--slow 100] [--open] [--snapshots DIR]`
 */
import { listeningUrl } from "../../tests/_server.ts";
import { Inspector, inspectorUrl, type ProcessMemory } from "./_inspector.ts";

/** Largest growth of the JS heap in use (after a full collection) per round that is flat. */
const HEAP_FLAT_MB = 0.5;
/** Largest growth of RSS (after a full collection) per round that is flat. */
const RSS_FLAT_MB = 8;

const args = Deno.args;
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const REQUESTS = flag("--requests", 20_000);
const ROUNDS = flag("--rounds", 2);
const WARMUP = flag("--warmup", 20_000);
const CONCURRENCY = flag("--concurrency", 32);
const SNAPSHOTS = args.includes("--snapshots") ? args[args.indexOf("--snapshots") + 1] : null;
const TOKEN = "hostile-bench-token-0123456789";
const OPEN = args.includes("--open");
const SLOW = flag("--slow", 100);
const AUTH: Record<string, string> = OPEN ? {} : { Authorization: `Bearer ${TOKEN}` };
const REPO = new URL("../../", import.meta.url).pathname;

const dir = await Deno.makeTempDir({ prefix: "hewston-hostile-" });
const srv = await startInspectedServer(dir, [
  "--no-demo",
  "--workers",
  "1",
  ...(OPEN ? [] : ["--token", TOKEN]),
]);
let seed = 0x9e3779b9;
const rand = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
const word = () => rand().toString(36);

/** Memory and `/metrics` of the server now: RSS as it is, then RSS and heap after a full GC. */
async function probe(): Promise<Probe> {
  const metrics = await (await fetch(`${srv.url}/metrics`, { headers: AUTH })).text();
  const series = metrics.split("\n").filter((l) => l.startsWith("hewston_http_requests_total{"))
    .length;
  const raw = await srv.inspector.memory();
  const gc = await srv.inspector.memoryAfterGc();
  return { rawRss: raw.rss, gc, metricsBytes: metrics.length, series };
}

interface Probe {
  rawRss: number;
  gc: ProcessMemory;
  metricsBytes: number;
  series: number;
}

/** A GET with a chosen Host header (fetch does not let a caller set Host). */
async function rawGet(path: string, host: string): Promise<Response> {
  const { hostname, port } = new URL(srv.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const auth = AUTH.Authorization ? `Authorization: ${AUTH.Authorization}\r\n` : "";
  await conn.write(
    new TextEncoder().encode(
      `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}Connection: close\r\n\r\n`,
    ),
  );
  const raw = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
  const status = Number(raw.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0);
  return new Response(raw.slice(raw.indexOf("\r\n\r\n") + 4), { status });
}

let fivexx = 0;
let absPaths = 0;
const statuses = new Map<number, number>();
/** A random JSON value up to `depth` levels: wrong types, huge numbers, odd strings. */
function junk(depth: number): unknown {
  const r = rand() % 9;
  if (depth <= 0 || r < 3) {
    return [null, true, -1, 1e308, "2024-02-30", "DEMO\u0000", "../../catalog.sqlite", word()][
      rand() % 8
    ];
  }
  if (r < 6) return Array.from({ length: rand() % 4 }, () => junk(depth - 1));
  const o: Record<string, unknown> = {};
  const keys = [
    "symbol",
    "from",
    "to",
    "strategy_id",
    "params",
    "dataset_id",
    "source",
    "name",
    "config",
    "seed",
    "validation",
    "risk",
    "execution",
    word(),
  ];
  for (let k = rand() % 5; k > 0; k--) o[keys[rand() % keys.length]] = junk(depth - 1);
  return o;
}

/** With --open: well-typed requests with junk bodies and queries on every route family. */
async function junkRequest(): Promise<Response> {
  const posts = [
    "/backtests",
    "/runs",
    "/datasets",
    "/presets",
    `/backtests/${word()}/cancel`,
    `/datasets/jobs/dataset-${word()}/cancel`,
  ];
  const gets = [
    "/backtests",
    "/candles",
    "/features",
    "/datasets",
    `/backtests/${word()}/events`,
    `/backtests/${word()}/artifacts/${word()}`,
    "/presets",
  ];
  if (rand() % 2 === 0) {
    return await fetch(srv.url + posts[rand() % posts.length], {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": word() },
      body: JSON.stringify(junk(4)),
    });
  }
  const q = new URLSearchParams();
  for (
    const k of ["dataset_id", "from", "to", "limit", "offset", "order", "params", "name", word()]
  ) {
    if (rand() % 3 === 0) q.set(k, String(junk(0)));
  }
  return await fetch(`${srv.url}${gets[rand() % gets.length]}?${q}`);
}

async function hostile(i: number): Promise<void> {
  const kind = OPEN ? i % 6 : i % 4;
  const path = `/${word()}/${word()}?${word()}=${word()}`;
  let res: Response;
  if (kind === 0) {
    res = await fetch(srv.url + path, { method: `X${word().toUpperCase()}` });
  } else if (kind === 1) {
    res = await fetch(srv.url + "/backtests", {
      method: "POST",
      headers: { Authorization: `Bearer ${word()}`, "Content-Type": "text/plain" },
      body: "{}",
    });
  } else if (kind === 2) {
    res = await rawGet(path, `${word()}.rebind.example`);
  } else if (kind === 3) {
    res = await fetch(`${srv.url}/backtests/${word()}/cancel`, { method: "POST" });
  } else {
    res = await junkRequest();
  }
  const text = await res.text();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  if (res.status >= 500) fivexx++;
  if (text.includes(dir) || /"\/(?:tmp|home|root|work|usr)\//.test(text)) absPaths++;
}

async function round(requests: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < requests) await hostile(next++);
  }));
  return (performance.now() - t0) / 1000;
}

const mb = (bytes: number) => bytes / 1048576;
const signed = (n: number, digits: number) => `${n >= 0 ? "+" : ""}${n.toFixed(digits)}`;
const fmt = (bytes: number) => mb(bytes).toFixed(1);

/**
 * A slowloris client: sends a request head one byte a second; resolves with the seconds until
 * the server closed the connection (Infinity if the head went out whole first).
 */
async function slowClient(): Promise<number> {
  const { hostname, port } = new URL(srv.url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  const t0 = performance.now();
  let closedAt = 0;
  const reading = (async () => {
    const buf = new Uint8Array(512);
    try {
      while ((await conn.read(buf)) !== null) { /* the 408 */ }
    } catch { /* reset */ }
    closedAt = performance.now();
  })();
  const head = new TextEncoder().encode(`GET /healthz HTTP/1.1\r\nX-Slow: ${"s".repeat(120)}`);
  for (const b of head) {
    if (closedAt) break;
    await conn.write(Uint8Array.of(b)).catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
  }
  await reading;
  try {
    conn.close();
  } catch { /* closed */ }
  return closedAt ? (closedAt - t0) / 1000 : Infinity;
}

let failed = false;
try {
  await round(WARMUP);
  // Slow-header connections held open (or not) while the measured rounds run.
  const slow = Array.from({ length: SLOW }, () => slowClient());
  const base = await probe();
  if (SNAPSHOTS) await srv.inspector.heapSnapshot(`${SNAPSHOTS}/after-warmup.heapsnapshot`);
  console.log(`server: ${OPEN ? "loopback, no token" : "with a token"}`);
  console.log(
    `after ${WARMUP} warm-up requests: RSS ${fmt(base.rawRss)} MB; after a full GC: RSS ` +
      `${fmt(base.gc.rss)} MB, JS heap in use ${mb(base.gc.heapUsed).toFixed(2)} MB`,
  );
  let prev = base;
  let worstHeap = -Infinity;
  let worstRss = -Infinity;
  let last = base;
  for (let r = 1; r <= ROUNDS; r++) {
    const seconds = await round(REQUESTS);
    const p = await probe();
    const dHeap = mb(p.gc.heapUsed - prev.gc.heapUsed);
    const dRss = mb(p.gc.rss - prev.gc.rss);
    worstHeap = Math.max(worstHeap, dHeap);
    worstRss = Math.max(worstRss, dRss);
    console.log(
      `round ${r}: ${REQUESTS} requests in ${seconds.toFixed(1)} s (concurrency ` +
        `${CONCURRENCY}); RSS ${fmt(p.rawRss)} MB before GC; after a full GC: RSS ` +
        `${fmt(p.gc.rss)} MB (${signed(dRss, 1)}), JS heap in use ` +
        `${mb(p.gc.heapUsed).toFixed(2)} MB (${signed(dHeap, 2)}, ` +
        `${Math.round((p.gc.heapUsed - prev.gc.heapUsed) / REQUESTS)} B a request)`,
    );
    prev = p;
    last = p;
  }
  if (SNAPSHOTS) await srv.inspector.heapSnapshot(`${SNAPSHOTS}/after-rounds.heapsnapshot`);
  const flat = worstHeap <= HEAP_FLAT_MB && worstRss <= RSS_FLAT_MB;
  console.log(
    `memory flat: ${flat ? "yes" : "NO"} (worst round: heap ${signed(worstHeap, 2)} MB of ` +
      `+${HEAP_FLAT_MB} allowed, RSS ${signed(worstRss, 1)} MB of +${RSS_FLAT_MB} allowed)`,
  );
  console.log(
    `statuses: ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(" ")}`,
  );
  console.log(`5xx: ${fivexx}, bodies with an absolute path: ${absPaths}`);
  console.log(
    `/metrics: ${base.metricsBytes} B after the warm-up, ${last.metricsBytes} B at the end; ` +
      `request series ${base.series} → ${last.series}`,
  );
  const slowSeconds = (await Promise.all(slow)).sort((a, b) => a - b);
  const slowOpen = slowSeconds.filter((s) => s === Infinity).length;
  if (SLOW > 0) {
    console.log(
      `slow-header connections (a byte a second): ${SLOW} opened, ${
        SLOW - slowOpen
      } closed by the server after ${slowSeconds[0].toFixed(1)}–${
        slowSeconds[SLOW - slowOpen - 1]?.toFixed(1)
      } s, ${slowOpen} never closed`,
    );
  }
  const alive = (await fetch(`${srv.url}/healthz`, { headers: AUTH })).status === 200;
  console.log(`server alive after: ${alive ? "yes" : "no"}`);
  failed = !flat || fivexx > 0 || absPaths > 0 || !alive || slowOpen > 0;
} finally {
  await srv.stop();
  await Deno.remove(dir, { recursive: true });
}
if (failed) Deno.exit(1);

/** `hewston serve --port 0 …extra` with its inspector on a random loopback port. */
async function startInspectedServer(dataDir: string, extra: string[]) {
  const child = new Deno.Command(`${REPO}scripts/deno`, {
    args: [
      "run",
      "-A",
      "--inspect=127.0.0.1:0",
      `${REPO}main.ts`,
      "serve",
      "--port",
      "0",
      ...extra,
    ],
    env: { HEWSTON_DATA_DIR: dataDir, NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const read = async (
    stream: ReadableStream<Uint8Array>,
    until: (text: string) => boolean,
  ): Promise<string> => {
    const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!until(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`server exited: ${text}`);
      text += value;
    }
    // Keep draining (the server logs a line per request; a full pipe would block it).
    (async () => {
      while (!(await reader.read()).done) { /* drain */ }
    })();
    return text;
  };
  const wsUrl = inspectorUrl(await read(child.stderr, (t) => inspectorUrl(t) !== undefined))!;
  const url = listeningUrl(await read(child.stdout, (t) => listeningUrl(t) !== undefined))!;
  const inspector = await Inspector.connect(wsUrl);
  return {
    url,
    inspector,
    stop: async () => {
      inspector.close();
      child.kill("SIGTERM");
      await child.status;
    },
  };
}
