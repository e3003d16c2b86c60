/**
 * @module
 * A small Chrome DevTools Protocol client for a Deno process started with
 * `--inspect=127.0.0.1:0`: force a full garbage collection, read `Deno.memoryUsage()` inside
 * that process, and write a heap snapshot. Benchmarks use it to measure a server's memory
 * after garbage is gone, so a heap that V8 simply has not collected yet is not taken for a
 * leak (and a leak is not hidden by a lucky collection).
 */

/** Memory of the inspected process, in bytes (`Deno.memoryUsage()`). */
export interface ProcessMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
}

/** The inspector URL (`ws://…`) that `deno run --inspect` prints on stderr, once printed. */
export function inspectorUrl(stderr: string): string | undefined {
  return stderr.match(/Debugger listening on (ws:\/\/\S+)/)?.[1];
}

/** One DevTools session on an inspected Deno process. */
export class Inspector {
  readonly #ws: WebSocket;
  #id = 0;
  readonly #pending = new Map<number, (m: CdpMessage) => void>();
  #listener: ((m: CdpMessage) => void) | null = null;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data) as CdpMessage;
      if (m.id !== undefined) {
        this.#pending.get(m.id)?.(m);
        this.#pending.delete(m.id);
      } else this.#listener?.(m);
    };
  }

  /** Opens a session on the inspector at `url` (from {@link inspectorUrl}). */
  static async connect(url: string): Promise<Inspector> {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error(`cannot connect to the inspector at ${url}`));
    });
    return new Inspector(ws);
  }

  /**
   * Memory after two full collections (the second frees what the first's finalizers let go).
   * The inspector keeps the last console messages for a debugger that may attach (up to 1,000,
   * and the server logs one line a request): they are dropped first, or the inspector's own
   * buffer filling up would pass for a leak.
   */
  async memoryAfterGc(): Promise<ProcessMemory> {
    await this.#send("Runtime.discardConsoleEntries");
    await this.#send("HeapProfiler.collectGarbage");
    await this.#send("HeapProfiler.collectGarbage");
    return await this.memory();
  }

  /** Memory as it is now, garbage included. */
  async memory(): Promise<ProcessMemory> {
    const m = await this.#send("Runtime.evaluate", {
      expression: "JSON.stringify(Deno.memoryUsage())",
      returnByValue: true,
    });
    const value = (m.result as { result?: { value?: string } } | undefined)?.result?.value;
    if (typeof value !== "string") throw new Error(`inspector: ${JSON.stringify(m)}`);
    return JSON.parse(value);
  }

  /** Writes a heap snapshot (open it in Chromium's DevTools, Memory tab) to `path`. */
  async heapSnapshot(path: string): Promise<void> {
    const chunks: string[] = [];
    this.#listener = (m) => {
      if (m.method === "HeapProfiler.addHeapSnapshotChunk") {
        chunks.push((m.params as { chunk: string }).chunk);
      }
    };
    await this.#send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    this.#listener = null;
    await Deno.writeTextFile(path, chunks.join(""));
  }

  /** Ends the session. */
  close(): void {
    this.#ws.close();
  }

  #send(method: string, params: Record<string, unknown> = {}): Promise<CdpMessage> {
    const id = ++this.#id;
    return new Promise((resolve, reject) => {
      this.#pending.set(
        id,
        (m) => m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m),
      );
      this.#ws.send(JSON.stringify({ id, method, params }));
    });
  }
}

interface CdpMessage {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}
