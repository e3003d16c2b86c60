/**
 * @module
 * A throwaway `redis-server` for queue tests: started daemonized on a random free loopback port
 * with persistence off, stopped (by the pid it wrote) after the test. Queue tests skip with a
 * notice when `redis-server` is absent, except on CI (`.ci/run` installs it), where they run.
 */
import { join } from "node:path";

/** Whether `redis-server` can be started here. */
export const HAVE_REDIS: boolean = (() => {
  try {
    return new Deno.Command("redis-server", { args: ["--version"], stdout: "null" }).outputSync()
      .success;
  } catch {
    return false;
  }
})();

/** On CI the queue tests must run: `.ci/run` sets HEWSTON_REQUIRE_SAMPLES and installs Redis. */
const ON_CI = Deno.env.get("HEWSTON_REQUIRE_SAMPLES") === "1" || !!Deno.env.get("CI");

/**
 * Registers a test that needs `redis-server`: skipped with a one-line notice when it is
 * absent off CI; on CI it runs (and fails without Redis).
 */
export function redisTest(name: string, fn: () => Promise<void>): void {
  if (!HAVE_REDIS && !ON_CI) {
    Deno.test({ name, ignore: true, fn });
    console.error(`skipping "${name}": redis-server is not installed`);
    return;
  }
  Deno.test({ name, fn });
}

/** A running redis-server. */
export interface RedisServer {
  port: number;
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  /** Stops it (SIGTERM to its pid) and waits until the port is closed. */
  stop(): Promise<void>;
  /** Stops and starts it again on the same port, empty (persistence is off). */
  restart(): Promise<void>;
}

/** Starts a redis-server on a random free loopback port. */
export async function startRedis(): Promise<RedisServer> {
  const port = freePort();
  const dir = await Deno.makeTempDir({ prefix: "hewston-redis-" });
  const pidfile = join(dir, "redis.pid");
  const start = async () => {
    const out = await new Deno.Command("redis-server", {
      args: [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "yes",
        "--pidfile",
        pidfile,
        "--dir",
        dir,
        "--logfile",
        join(dir, "redis.log"),
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(`redis-server: ${new TextDecoder().decode(out.stderr)}`);
    await waitFor(() => canConnect(port), true);
  };
  const stop = async () => {
    let pid = 0;
    try {
      pid = Number((await Deno.readTextFile(pidfile)).trim());
    } catch { /* not running */ }
    if (pid > 0) {
      try {
        Deno.kill(pid, "SIGTERM");
      } catch { /* already gone */ }
    }
    await waitFor(() => canConnect(port), false);
    await Deno.remove(pidfile).catch(() => {});
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
    async restart() {
      await stop();
      await start();
    },
  };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const c = await Deno.connect({ hostname: "127.0.0.1", port });
    c.close();
    return true;
  } catch {
    return false;
  }
}

async function waitFor(probe: () => Promise<boolean>, want: boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if ((await probe()) === want) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`redis-server did not ${want ? "start" : "stop"} within 5 s`);
}
