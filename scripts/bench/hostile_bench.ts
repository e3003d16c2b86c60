/**
 * @module
 * Hostile traffic against a real `hewston serve` (with a token, so every request is refused
 * before any route runs): `--requests` (default 20,000) requests with made-up methods, random
 * paths and no or wrong credentials, plus a rebinding Host and form-typed POSTs. Prints the
 * server's RSS before and after (from `/healthz`), the `/metrics` size before and after, the
 * number of metric series, and how many answers were 5xx or named an absolute server path.
 * Goal: RSS flat, `/metrics` size flat, 0 5xx, 0 absolute paths, the server still up.
 *
 * With `--open` the server runs without a token (the loopback default), so the requests reach
 * the Host/Origin/Content-Type guard and the router instead of stopping at auth, and a third
 * of them are well-formed requests with junk JSON bodies and query strings on every route
 * family (runs, datasets, presets, candles, features, events, artifacts).
 *
 * Run: `scripts/deno run -A scripts/bench/hostile_bench.ts [--requests 20000] [--concurrency 32]
 * [--open]`
 */
import { startServer } from "../../tests/_server.ts";

const args = Deno.args;
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const REQUESTS = flag("--requests", 20_000);
const CONCURRENCY = flag("--concurrency", 32);
const TOKEN = "hostile-bench-token-0123456789";
const OPEN = args.includes("--open");
const AUTH: Record<string, string> = OPEN ? {} : { Authorization: `Bearer ${TOKEN}` };

const dir = await Deno.makeTempDir({ prefix: "hewston-hostile-" });
const srv = await startServer(
  dir,
  ["--no-demo", "--workers", "1", ...(OPEN ? [] : ["--token", TOKEN])],
);
let seed = 0x9e3779b9;
const rand = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
const word = () => rand().toString(36);

async function probe(): Promise<
  { rss: number; heap: number; metricsBytes: number; series: number }
> {
  const health = await (await fetch(`${srv.url}/healthz`, { headers: AUTH })).json();
  const metrics = await (await fetch(`${srv.url}/metrics`, { headers: AUTH })).text();
  const series = metrics.split("\n").filter((l) => l.startsWith("hewston_http_requests_total{"))
    .length;
  return {
    rss: health.memory_mb.rss,
    heap: health.memory_mb.heap_used,
    metricsBytes: metrics.length,
    series,
  };
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

async function round(): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) await hostile(next++);
  }));
}

try {
  const before = await probe();
  const t0 = performance.now();
  await round();
  const seconds = (performance.now() - t0) / 1000;
  const after = await probe();
  // A second round shows whether memory keeps growing or was a one-off heap expansion.
  await round();
  const again = await probe();
  console.log(`server: ${OPEN ? "loopback, no token" : "with a token"}`);
  console.log(`requests: ${REQUESTS} in ${seconds.toFixed(1)} s (concurrency ${CONCURRENCY})`);
  console.log(
    `statuses (both rounds): ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(" ")}`,
  );
  console.log(`5xx: ${fivexx}, bodies with an absolute path: ${absPaths}`);
  console.log(
    `server RSS: ${before.rss} MB before, ${after.rss} MB after, ${again.rss} MB after a ` +
      `second round (JS heap ${before.heap} → ${after.heap} → ${again.heap} MB)`,
  );
  console.log(
    `/metrics: ${before.metricsBytes} B before, ${after.metricsBytes} B after; ` +
      `request series ${before.series} → ${after.series} → ${again.series}`,
  );
  const alive = (await fetch(`${srv.url}/healthz`, { headers: AUTH })).status;
  console.log(`server alive after: ${alive === 200 ? "yes" : `no (${alive})`}`);
} finally {
  await srv.stop();
  await Deno.remove(dir, { recursive: true });
}
