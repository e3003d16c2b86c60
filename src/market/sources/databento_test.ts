/**
 * @module
 * Tests of the Databento client against a real HTTP server on 127.0.0.1 that serves the real
 * DBN sample `test_data.trades.v3.dbn.zst` from the shared data folder.
 */

import { VERSION } from "../../version.ts";
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import { downloadRange, type DownloadRangeOptions, retryDelayMs } from "./databento.ts";
import { cachePart } from "./_databento_cache.ts";
import { DATA_DIR, HAVE_SAMPLES, sampleTest } from "../testing/dbn_testdata.ts";

/** Beside the repo (`../shared/data/dbn/`), read in place, never copied. */
const SAMPLE = new URL("test_data.trades.v3.dbn.zst", DATA_DIR);
const SAMPLE_SHA256 = "0036503b694f1334227f7042a0887d608d75a88dd041548da30203433c12f1e5";
const SAMPLE_BYTES = 175;
const KEY = "db-TestKey0123456789abcdef";
const sample = HAVE_SAMPLES ? await Deno.readFile(SAMPLE) : new Uint8Array(0);

interface Seen {
  method: string;
  path: string;
  headers: Headers;
  form: URLSearchParams;
}

/** A real local server; `handler` gets the 1-based request number. */
function startServer(handler: (n: number) => Response | Promise<Response>) {
  const seen: Seen[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    async (req) => {
      const body = await req.text();
      seen.push({
        method: req.method,
        path: new URL(req.url).pathname,
        headers: req.headers,
        form: new URLSearchParams(body),
      });
      return handler(seen.length);
    },
  );
  return { url: `http://127.0.0.1:${server.addr.port}`, seen, close: () => server.shutdown() };
}

function dbnResponse(headers: HeadersInit = {}): Response {
  return new Response(sample, {
    headers: { "content-type": "application/octet-stream", ...headers },
  });
}

function jsonError(status: number, detail: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify({ detail }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function options(baseUrl: string, cacheDir: string): DownloadRangeOptions {
  return {
    apiKey: KEY,
    dataset: "GLBX.MDP3",
    symbols: ["ESH1"],
    schema: "trades",
    start: "2020-12-28",
    end: "2020-12-29",
    cacheDir,
    baseUrl,
    retryBaseMs: 1,
  };
}

/** Every file below `dir`, relative, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(d: string) {
    for await (const entry of Deno.readDir(d)) {
      const p = join(d, entry.name);
      if (entry.isDirectory) await walk(p);
      else out.push(relative(dir, p));
    }
  }
  await walk(dir);
  return out.sort();
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<HewstonError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof HewstonError, `expected HewstonError, got ${err}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected ${code}`);
}

const EXPECTED_NAME = join("GLBX.MDP3", "trades", "ESH1_2020-12-28_2020-12-29.dbn.zst");

sampleTest(
  "downloadRange() sends the documented request and caches the real DBN bytes",
  async () => {
    const dir = await Deno.makeTempDir();
    const server = startServer(() => dbnResponse());
    try {
      const progress: number[] = [];
      const result = await downloadRange({
        ...options(server.url, dir),
        symbols: ["ESH1", "ESM1"],
        schema: "tbbo",
        stypeIn: "continuous",
        version: "9.8.7",
        onProgress: (bytes) => progress.push(bytes),
      });
      assert.equal(server.seen.length, 1);
      const req = server.seen[0];
      assert.equal(req.method, "POST");
      assert.equal(req.path, "/v0/timeseries.get_range");
      assert.equal(req.headers.get("content-type"), "application/x-www-form-urlencoded");
      assert.equal(req.headers.get("authorization"), `Basic ${btoa(`${KEY}:`)}`);
      assert.equal(req.headers.get("accept"), "application/json");
      assert.equal(req.headers.get("user-agent"), `Hewston/9.8.7 Deno/${Deno.version.deno}`);
      assert.deepEqual(Object.fromEntries(req.form), {
        dataset: "GLBX.MDP3",
        start: "2020-12-28",
        end: "2020-12-29",
        symbols: "ESH1,ESM1",
        schema: "tbbo",
        stype_in: "continuous",
        stype_out: "instrument_id",
        encoding: "dbn",
        compression: "zstd",
      });
      const path = join(dir, "GLBX.MDP3", "tbbo", "ESH1,ESM1_2020-12-28_2020-12-29.dbn.zst");
      assert.deepEqual(result, { path, bytes: SAMPLE_BYTES, sha256: SAMPLE_SHA256, cached: false });
      assert.deepEqual(await Deno.readFile(path), sample);
      assert.equal(progress.at(-1), SAMPLE_BYTES);
      assert.deepEqual(await listFiles(dir), [relative(dir, path)]);
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

sampleTest(
  "downloadRange() defaults stype_in to raw_symbol and the user-agent version",
  async () => {
    const dir = await Deno.makeTempDir();
    const server = startServer(() => dbnResponse());
    try {
      await downloadRange(options(server.url + "/", dir));
      assert.equal(server.seen[0].path, "/v0/timeseries.get_range");
      assert.equal(server.seen[0].form.get("stype_in"), "raw_symbol");
      assert.equal(
        server.seen[0].headers.get("user-agent"),
        `Hewston/${VERSION} Deno/${Deno.version.deno}`,
      );
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

sampleTest("downloadRange() reuses a cached file without any request", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => dbnResponse());
  try {
    const first = await downloadRange(options(server.url, dir));
    const second = await downloadRange(options(server.url, dir));
    assert.equal(server.seen.length, 1);
    assert.deepEqual(second, {
      path: join(dir, EXPECTED_NAME),
      bytes: SAMPLE_BYTES,
      sha256: SAMPLE_SHA256,
      cached: true,
    });
    assert.equal(first.cached, false);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadRange() maps 401 to DATABENTO_AUTH without printing the key", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => jsonError(401, `Authentication failed for ${KEY}.`));
  try {
    const err = await rejectsWith(downloadRange(options(server.url, dir)), "DATABENTO_AUTH");
    assert.equal(
      err.message,
      "Databento rejected the API key (HTTP 401: Authentication failed for <DATABENTO_API_KEY>.); " +
        "check DATABENTO_API_KEY",
    );
    assert.equal(err.status, 502);
    assert.ok(!JSON.stringify(err.details).includes(KEY));
    assert.equal(server.seen.length, 1);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadRange() maps 422 to DATABENTO_BAD_REQUEST with the detail and no retry", async () => {
  const dir = await Deno.makeTempDir();
  const detail = "Invalid symbol 'ESZZ' for dataset GLBX.MDP3";
  const server = startServer(() => jsonError(422, detail));
  try {
    const err = await rejectsWith(downloadRange(options(server.url, dir)), "DATABENTO_BAD_REQUEST");
    assert.equal(err.message, `Databento rejected the request (HTTP 422): ${detail}`);
    assert.deepEqual(err.details, { status: 422, detail, attempts: 1 });
    assert.equal(server.seen.length, 1);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() succeeds after two 503 answers, on the third attempt", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer((n) => n <= 2 ? jsonError(503, "Service unavailable") : dbnResponse());
  try {
    const result = await downloadRange({ ...options(server.url, dir), maxRetries: 2 });
    assert.equal(server.seen.length, 3);
    assert.equal(result.sha256, SAMPLE_SHA256);
    assert.deepEqual(await listFiles(dir), [EXPECTED_NAME]);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadRange() gives DATABENTO_UNAVAILABLE when 500 outlasts maxRetries", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => jsonError(500, "Internal error"));
  try {
    const err = await rejectsWith(
      downloadRange({ ...options(server.url, dir), maxRetries: 3 }),
      "DATABENTO_UNAVAILABLE",
    );
    assert.equal(
      err.message,
      "Databento historical API unavailable after 4 attempts (HTTP 500: Internal error)",
    );
    assert.equal(server.seen.length, 4);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest(
  "downloadRange() waits Retry-After (capped) on 429, then exponential backoff",
  async () => {
    const dir = await Deno.makeTempDir();
    const server = startServer((n) =>
      n === 1
        ? jsonError(429, "Too many requests", { "retry-after": "7" })
        : n <= 3
        ? jsonError(n === 2 ? 502 : 408, "later")
        : dbnResponse()
    );
    try {
      const waits: number[] = [];
      await downloadRange({
        ...options(server.url, dir),
        retryBaseMs: 100,
        maxRetryDelayMs: 5000,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      });
      assert.deepEqual(waits, [5000, 211, 442]);
      assert.equal(server.seen.length, 4);
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

Deno.test("retryDelayMs() is deterministic exponential backoff with bounded jitter", () => {
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((a) => retryDelayMs(a, 500, null, 30_000)),
    [654, 1059, 2213, 4118, 8022],
  );
  assert.equal(retryDelayMs(10, 500, null, 30_000), 30_000);
  assert.equal(retryDelayMs(0, 500, "2", 30_000), 2000);
  assert.equal(retryDelayMs(0, 500, "Wed, 21 Oct 2015 07:28:00 GMT", 30_000), 654);
});

Deno.test("downloadRange() does not retry a 404 and reports it as a bad request", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => new Response("Not Found", { status: 404 }));
  try {
    const err = await rejectsWith(downloadRange(options(server.url, dir)), "DATABENTO_BAD_REQUEST");
    assert.equal(err.message, "Databento rejected the request (HTTP 404): Not Found");
    assert.equal(server.seen.length, 1);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() retries a refused connection and then gives up", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => dbnResponse());
  await server.close();
  try {
    const err = await rejectsWith(
      downloadRange({ ...options(server.url, dir), maxRetries: 1 }),
      "DATABENTO_UNAVAILABLE",
    );
    assert.match(
      err.message,
      /^Databento historical API unavailable after 2 attempts \(network error: /,
    );
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() retries after a network error thrown by fetch", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => dbnResponse());
  let calls = 0;
  const flaky: typeof fetch = (input, init) =>
    ++calls === 1 ? Promise.reject(new TypeError("connection reset")) : fetch(input, init);
  try {
    const result = await downloadRange({ ...options(server.url, dir), fetchImpl: flaky });
    assert.equal(calls, 2);
    assert.equal(server.seen.length, 1);
    assert.equal(result.sha256, SAMPLE_SHA256);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() passes X-Warning entries to onWarning", async () => {
  const dir = await Deno.makeTempDir();
  const warnings = ["DeprecationWarning: stype_in=smart is deprecated", "BentoWarning: partial"];
  const server = startServer(() => dbnResponse({ "x-warning": JSON.stringify(warnings) }));
  try {
    const seen: string[] = [];
    await downloadRange({ ...options(server.url, dir), onWarning: (w) => seen.push(w) });
    assert.deepEqual(seen, warnings);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadRange() rejects a 200 body that is not DBN and caches nothing", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => new Response("<html>maintenance</html>"));
  try {
    const err = await rejectsWith(
      downloadRange(options(server.url, dir)),
      "DATABENTO_BAD_RESPONSE",
    );
    assert.equal(
      err.message,
      "Databento answered 200 but the body is not DBN or zstd (starts with: 3c 68 74 6d 6c 3e 6d 61)",
    );
    assert.equal(server.seen.length, 1);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() accepts an uncompressed DBN body", async () => {
  const dir = await Deno.makeTempDir();
  const plain = await Deno.readFile(new URL("test_data.trades.dbn", SAMPLE));
  const server = startServer(() => new Response(plain));
  try {
    const result = await downloadRange(options(server.url, dir));
    assert.equal(result.bytes, 449);
    assert.equal(
      result.sha256,
      "6ef751abbd186b862afd9c65fd88dd54585587aa8cc3a059bc78305125efce3c",
    );
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** Sends the first 64 bytes of the sample, then `after` decides what the stream does. */
function partialBody(after: (c: ReadableStreamDefaultController<Uint8Array>) => void): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(sample.slice(0, 64));
        setTimeout(() => after(c), 20);
      },
    }),
  );
}

/** Ends a stalled stream unless the client's disconnect already cancelled it. */
function closeQuietly(c: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    c.close();
  } catch {
    // cancelled by the server when the client went away
  }
}

sampleTest("downloadRange() aborted mid-body leaves no file in the cache dir", async () => {
  const dir = await Deno.makeTempDir();
  const ctrl = new AbortController();
  let release = () => {};
  const server = startServer(() =>
    partialBody((c) => {
      release = () => closeQuietly(c);
    })
  );
  try {
    const reason = new Error("stopped by the user");
    await assert.rejects(
      downloadRange({
        ...options(server.url, dir),
        signal: ctrl.signal,
        onProgress: () => ctrl.abort(reason),
      }),
      (err) => err === reason,
    );
    assert.deepEqual(await listFiles(dir), []);
    assert.equal(server.seen.length, 1);
  } finally {
    release();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() retries a download that stalls longer than idleTimeoutMs", async () => {
  const dir = await Deno.makeTempDir();
  let release = () => {};
  const server = startServer((n) =>
    n === 1
      ? partialBody((c) => {
        release = () => closeQuietly(c);
      })
      : dbnResponse()
  );
  try {
    const result = await downloadRange({ ...options(server.url, dir), idleTimeoutMs: 100 });
    assert.equal(server.seen.length, 2);
    assert.equal(result.sha256, SAMPLE_SHA256);
    assert.deepEqual(await listFiles(dir), [EXPECTED_NAME]);
    const err = await rejectsWith(
      downloadRange({
        ...options(server.url, dir),
        dataset: "XNAS.ITCH",
        idleTimeoutMs: 100,
        maxRetries: 0,
        fetchImpl: (_input, init) =>
          new Promise((_, reject) =>
            init!.signal!.addEventListener("abort", () => reject(init!.signal!.reason))
          ),
      }),
      "DATABENTO_UNAVAILABLE",
    );
    assert.equal(
      err.message,
      "Databento historical API unavailable after 1 attempt (no data for 100 ms)",
    );
  } finally {
    release();
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

sampleTest("downloadRange() with an already aborted signal makes no request", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => dbnResponse());
  try {
    const reason = new Error("never started");
    await assert.rejects(
      downloadRange({ ...options(server.url, dir), signal: AbortSignal.abort(reason) }),
      (err) => err === reason,
    );
    assert.equal(server.seen.length, 0);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * A raw TCP server: the first connection gets headers promising the whole sample but only 64
 * bytes of it before the socket closes; later connections get the whole sample.
 */
function startTruncatingServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let connections = 0;
  const done = (async () => {
    for await (const conn of listener) {
      connections++;
      await readRequest(conn);
      const body = connections === 1 ? sample.slice(0, 64) : sample;
      const head =
        `HTTP/1.1 200 OK\r\ncontent-length: ${sample.length}\r\nconnection: close\r\n\r\n`;
      await conn.write(new TextEncoder().encode(head));
      await conn.write(body);
      conn.close();
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    connections: () => connections,
    close: async () => {
      listener.close();
      await done.catch(() => {});
    },
  };
}

/** Reads one HTTP request (headers and content-length body) off `conn`. */
async function readRequest(conn: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  let text = "";
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) return;
    text += new TextDecoder().decode(buf.subarray(0, n));
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const length = Number(/content-length: *(\d+)/i.exec(text)?.[1] ?? 0);
    if (text.length - end - 4 >= length) return;
  }
}

sampleTest(
  "downloadRange() retries a body that breaks off and leaves no partial file",
  async () => {
    const dir = await Deno.makeTempDir();
    const server = startTruncatingServer();
    try {
      const err = await rejectsWith(
        downloadRange({ ...options(server.url, dir), maxRetries: 0 }),
        "DATABENTO_UNAVAILABLE",
      );
      assert.match(
        err.message,
        /^Databento historical API unavailable after 1 attempt \(response body broke off: /,
      );
      assert.deepEqual(await listFiles(dir), []);
      const result = await downloadRange(options(server.url, dir));
      assert.equal(result.sha256, SAMPLE_SHA256);
      assert.equal(server.connections(), 2);
      assert.deepEqual(await listFiles(dir), [EXPECTED_NAME]);
    } finally {
      await server.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);

sampleTest("downloadRange() keeps user input from escaping the cache dir", async () => {
  const dir = await Deno.makeTempDir();
  const server = startServer(() => dbnResponse());
  try {
    const result = await downloadRange({
      ...options(server.url, dir),
      dataset: "../../etc",
      schema: "trades/../x",
      symbols: ["BRK/B", "ES.c.0", "A_B"],
      start: "2024-01-02T14:30:00+00:00",
      end: "..",
    });
    assert.equal(
      result.path,
      join(
        dir,
        "%2E.%2F..%2Fetc",
        "trades%2F..%2Fx",
        "BRK%2FB,ES.c.0,A%5FB_2024-01-02T14%3A30%3A00%2B00%3A00_%2E..dbn.zst",
      ),
    );
    assert.deepEqual(await listFiles(dir), [relative(dir, result.path)]);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cachePart() shortens a long symbol list to a prefix and a hash", () => {
  const symbols = Array.from({ length: 2000 }, (_, i) => `SYM${i}`).join(",");
  const part = cachePart(symbols);
  assert.equal(part.length, 64 + 1 + 16);
  assert.ok(part.startsWith("SYM0,SYM1,SYM2,"));
  assert.match(part, /~[0-9a-f]{16}$/);
  assert.equal(cachePart(symbols), part);
  assert.notEqual(cachePart(symbols + ",X"), part);
});

Deno.test("downloadRange() rejects empty fields before any request", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(
      downloadRange({ ...options("http://127.0.0.1:9", dir), symbols: [] }),
      (err) =>
        err instanceof ValidationError && /symbols must be a non-empty list/.test(err.message),
    );
    await assert.rejects(
      downloadRange({ ...options("http://127.0.0.1:9", dir), apiKey: "" }),
      (err) => err instanceof ValidationError && /DATABENTO_API_KEY/.test(err.message),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A body that starts like zstd and never ends: `chunk` bytes at a time, as fast as read. */
function endlessZstd(chunk = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new Uint8Array(chunk);
  bytes.set([0x28, 0xb5, 0x2f, 0xfd]);
  let first = true;
  return new ReadableStream({
    pull(c) {
      c.enqueue(first ? bytes : new Uint8Array(chunk));
      first = false;
    },
  });
}

Deno.test("downloadRange() stops a body past maxBytes with DOWNLOAD_TOO_LARGE, no retry, and leaves no file", async () => {
  const dir = await Deno.makeTempDir();
  let sent = 0;
  const server = startServer(() => {
    const body = endlessZstd().pipeThrough(
      new TransformStream({
        transform(c, ctl) {
          sent += c.length;
          ctl.enqueue(c);
        },
      }),
    );
    return new Response(body, { headers: { "content-type": "application/octet-stream" } });
  });
  try {
    const err = await rejectsWith(
      downloadRange({ ...options(server.url, dir), maxBytes: 1024 * 1024 }),
      "DOWNLOAD_TOO_LARGE",
    );
    assert.equal(err.status, 413);
    assert.match(
      err.message,
      /^Databento download of ESH1 trades 2020-12-28\.\.2020-12-29 is larger than the cap of 1 MB \(HEWSTON_DATABENTO_MAX_MB\); stopped at 1 MB and removed/,
    );
    assert.equal(server.seen.length, 1, "a body too large is not retried");
    // Reading stopped at the cap: the server could not push far past it.
    assert.ok(sent < 16 * 1024 * 1024, `the server sent ${sent} bytes`);
    assert.deepEqual(await listFiles(dir), []);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("downloadRange() refuses a declared Content-Length past maxBytes before writing anything", async () => {
  const dir = await Deno.makeTempDir();
  const body = new Uint8Array(3 * 1024 * 1024);
  body.set([0x28, 0xb5, 0x2f, 0xfd]);
  const server = startServer(() => new Response(body));
  try {
    const err = await rejectsWith(
      downloadRange({ ...options(server.url, dir), maxBytes: 2 * 1024 * 1024 }),
      "DOWNLOAD_TOO_LARGE",
    );
    assert.deepEqual(err.details, { max_bytes: 2 * 1024 * 1024, bytes: 3 * 1024 * 1024 });
    assert.deepEqual(await listFiles(dir), []);
    // Under the cap the same body is cached whole.
    const ok = await downloadRange({ ...options(server.url, dir), maxBytes: 3 * 1024 * 1024 });
    assert.equal(ok.bytes, body.length);
    assert.deepEqual(await listFiles(dir), [EXPECTED_NAME]);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});
