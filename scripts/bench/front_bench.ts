/**
 * @module
 * What the TCP front (`src/api/connection_front.ts`, the slow-client deadlines) costs: `wrk`
 * against the real app on `Deno.serve` directly, then through the front, alternating, on
 * 127.0.0.1. Prints requests a second and latency (p50, p99) for a small JSON answer
 * (`/healthz`) and the UI's script bundle (a few hundred KB, when `ui/dist` is built), on
 * keep-alive connections (wrk's way) and with a new connection per request
 * (`Connection: close`).
 *
 * Run: `scripts/deno run -A scripts/bench/front_bench.ts [--seconds 8] [--connections 32]
 * [--rounds 2]` (needs `wrk` on PATH).
 */
import { ConnectionFront } from "../../src/api/connection_front.ts";
import { createApp } from "../../src/api/app.ts";
import { testApp } from "../../src/api/testing/test_app.ts";

const args = Deno.args;
const flag = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = flag("--seconds", 8);
const CONNECTIONS = flag("--connections", 32);
const ROUNDS = flag("--rounds", 2);

const t = await testApp({ log: () => {} });
const app = createApp(t.deps);
const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, app.fetch);
const front = ConnectionFront.listen({
  hostname: "127.0.0.1",
  port: 0,
  upstream: { hostname: "127.0.0.1", port: server.addr.port },
});

interface Figure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** One wrk run; latencies in ms. */
async function wrk(url: string, close: boolean): Promise<Figure> {
  const out = await new Deno.Command("wrk", {
    args: [
      "-t2",
      `-c${CONNECTIONS}`,
      `-d${SECONDS}s`,
      "--latency",
      ...(close ? ["-H", "Connection: close"] : []),
      url,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const ms = (label: string) => {
    const m = text.match(new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`));
    if (!m) return NaN;
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]];
  };
  const errors = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/);
  const non2xx = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0);
  return {
    rps: Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN),
    p50: ms("50%"),
    p99: ms("99%"),
    errors: non2xx + (errors ? errors.slice(1).reduce((s, n) => s + Number(n), 0) : 0),
  };
}

const direct = `http://127.0.0.1:${server.addr.port}`;
const fronted = `http://127.0.0.1:${front.addr.port}`;
const load = () => Deno.loadavg().map((n) => n.toFixed(1)).join(" ");
console.log(
  `wrk -t2 -c${CONNECTIONS} -d${SECONDS}s, ${ROUNDS} rounds alternating; load ${load()}`,
);
try {
  let bundle: string | undefined;
  try {
    bundle = [...Deno.readDirSync(new URL("../../ui/dist/assets/", import.meta.url))]
      .map((e) => e.name).find((n) => n.endsWith(".js"));
  } catch { /* the UI is not built: the small answer only */ }
  for (const path of ["/healthz", ...(bundle ? [`/assets/${bundle}`] : [])]) {
    for (const close of [false, true]) {
      const figs: Record<"direct" | "front", Figure[]> = { direct: [], front: [] };
      for (let r = 0; r < ROUNDS; r++) {
        figs.direct.push(await wrk(direct + path, close));
        figs.front.push(await wrk(fronted + path, close));
      }
      const best = (fs: Figure[]) => fs.reduce((a, b) => (b.rps > a.rps ? b : a));
      const d = best(figs.direct);
      const f = best(figs.front);
      const show = (x: Figure) =>
        `${Math.round(x.rps)} req/s, p50 ${x.p50.toFixed(2)} ms, p99 ${x.p99.toFixed(2)} ms` +
        (x.errors ? `, ${x.errors} errors` : "");
      console.log(`${path} ${close ? "new connection each" : "keep-alive"}:`);
      console.log(`  direct: ${show(d)}`);
      console.log(`  front:  ${show(f)} (${((f.rps / d.rps - 1) * 100).toFixed(0)}% req/s)`);
    }
  }
  console.log(`load after: ${load()}`);
} finally {
  await server.shutdown();
  await front.close();
  t.close();
}
