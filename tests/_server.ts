/**
 * @module
 * Starts the real `./hewston serve` on a random 127.0.0.1 port for end-to-end tests.
 */
import { REPO } from "./_hewston.ts";

/** A running server. */
export interface Server {
  url: string;
  /** Stops it with SIGTERM and waits for the exit. */
  stop(): Promise<void>;
  /** Kills it with SIGKILL (a crash) and waits. */
  kill(): Promise<void>;
  /** Everything it printed on stdout so far. */
  output(): string;
}

/**
 * Starts `hewston serve --port 0 ...extra` on `dataDir` and waits until it listens.
 * @param onOutput called with everything printed so far, as it comes, until it listens (a test
 * may act on a line of the start-up, e.g. release a lock the server reports waiting for)
 */
export async function startServer(
  dataDir: string,
  extra: string[] = [],
  env: Record<string, string> = {},
  onOutput?: (log: string) => void,
): Promise<Server> {
  const child = new Deno.Command(`${REPO}/hewston`, {
    args: ["serve", "--port", "0", ...extra],
    env: { HEWSTON_DATA_DIR: dataDir, NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let log = "";
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const errText = new Response(child.stderr).text();
  const deadline = Date.now() + 60_000;
  while (listeningUrl(log) === undefined) {
    if (Date.now() > deadline) throw new Error("server did not start: " + log);
    const { value, done } = await reader.read();
    if (done) throw new Error(`server exited: ${log} ${await errText}`);
    log += value;
    onOutput?.(log);
  }
  const url = listeningUrl(log)!;
  const pump = (async () => {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      log += value;
    }
  })();
  const end = async (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch { /* already exited */ }
    await child.status;
    await pump;
    await errText;
  };
  return { url, output: () => log, stop: () => end("SIGTERM"), kill: () => end("SIGKILL") };
}

/** The `url` of the server's "serving" log line, once it has been printed. */
export function listeningUrl(stdout: string): string | undefined {
  // Only whole lines: the last piece may still be arriving.
  for (const line of stdout.split("\n").slice(0, -1)) {
    if (!line.startsWith("{")) continue;
    const entry = JSON.parse(line);
    if (entry.msg === "serving") return entry.url;
  }
  return undefined;
}
