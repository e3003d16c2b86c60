/**
 * Specs of a worker's bars download, against real HTTP servers on 127.0.0.1 that answer what
 * each case needs (the right bytes, corrupted ones, a cut-off body, a 503, a refusal).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../src/domain/hash.ts";
import { barsUrl, fetchBars, type FetchBarsOptions } from "./bars_fetch.ts";

const BARS = new TextEncoder().encode("PAR1 these stand for a dataset's bars PAR1".repeat(2000));
const SHA = sha256Hex(BARS);

/** A fake bars server: where it listens, how many requests it had, how to stop it. */
interface FakeServer {
  url: string;
  requests(): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 answering each request with `reply(n)` (n counts from 1). */
function server(reply: (n: number, req: Request) => Response): FakeServer {
  let n = 0;
  const s = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => reply(++n, req));
  return { url: `http://127.0.0.1:${s.addr.port}`, requests: () => n, close: () => s.shutdown() };
}

/** What a case gets: the server, its temp folders, and `fetch` with the usual options. */
interface Case {
  s: FakeServer;
  root: string;
  dest: string;
  tmp: string;
  fetch(over?: Partial<FetchBarsOptions>): ReturnType<typeof fetchBars>;
}

/**
 * Runs one case against `s` in fresh temp folders, then always stops the server and removes
 * the folders. `fetch` asks for dataset `ds` with the bars' sha256 and a 10 ms back-off.
 */
async function against(s: FakeServer, body: (c: Case) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "hewston-fetch-" });
  const dest = join(root, "cache", "bars", SHA, "bars.parquet");
  const tmp = join(root, "tmp");
  const fetch = (over: Partial<FetchBarsOptions> = {}) =>
    fetchBars({
      server: { url: s.url },
      datasetId: "ds",
      sha256: SHA,
      dest,
      tmpDir: tmp,
      backoffMs: 10,
      ...over,
    });
  try {
    await body({ s, root, dest, tmp, fetch });
  } finally {
    await s.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) out.push(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out;
}

Deno.test("fetchBars() streams the bars into place with the token, verified by sha256", async () => {
  const s = server((_, req) => {
    assert.equal(new URL(req.url).pathname, "/datasets/TEST-1%20x/bars.parquet");
    if (req.headers.get("authorization") !== "Bearer tok-0123456789abcdef") {
      return new Response(null, { status: 401 });
    }
    return new Response(BARS);
  });
  await against(s, async (c) => {
    const got = await c.fetch({
      server: { url: s.url + "/", token: "tok-0123456789abcdef" },
      datasetId: "TEST-1 x",
    });
    assert.equal(got.bytes, BARS.length);
    assert.equal(got.attempts, 1);
    assert.deepEqual(await Deno.readFile(c.dest), BARS);
    assert.deepEqual(await names(c.tmp), []);
  });
});

Deno.test("fetchBars() refuses a corrupted download and retries until the bytes match", async () => {
  const bad = BARS.slice();
  bad[100] ^= 0xff;
  await against(server((n) => new Response(n === 1 ? bad : BARS)), async (c) => {
    const got = await c.fetch();
    assert.equal(got.attempts, 2);
    assert.equal(c.s.requests(), 2);
    assert.equal(sha256Hex(await Deno.readFile(c.dest)), SHA);
    assert.deepEqual(await names(c.tmp), []);
  });
});

Deno.test("fetchBars() fails with BARS_MISMATCH when every download differs, leaving no file", async () => {
  await against(server(() => new Response(BARS.slice(0, BARS.length - 1))), async (c) => {
    await assert.rejects(c.fetch(), (e: Error & { code?: string }) => {
      assert.equal(e.code, "BARS_MISMATCH");
      assert.match(e.message, /^the bars of dataset ds from .* have sha256 \w{12}…, the sweep/);
      assert.match(e.message, /\(3 attempts\)$/);
      return true;
    });
    assert.equal(c.s.requests(), 3);
    assert.deepEqual(await names(join(c.root, "cache", "bars")), []);
    assert.deepEqual(await names(c.tmp), []);
  });
});

/**
 * A raw HTTP/1.1 server on 127.0.0.1: the first response announces every byte but sends a
 * thousand and closes the connection, the second is a 503, then the whole file.
 */
function flakyServer(): FakeServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let n = 0;
  const enc = new TextEncoder();
  const head = (status: string, length: number) =>
    enc.encode(`HTTP/1.1 ${status}\r\ncontent-length: ${length}\r\nconnection: close\r\n\r\n`);
  const serving = (async () => {
    for await (const conn of listener) {
      n++;
      await conn.read(new Uint8Array(4096));
      const w = async (b: Uint8Array) => {
        for (let off = 0; off < b.length;) off += await conn.write(b.subarray(off));
      };
      if (n === 1) {
        await w(new Uint8Array([...head("200 OK", BARS.length), ...BARS.slice(0, 1000)]));
      } else if (n === 2) await w(head("503 Service Unavailable", 0));
      else await w(new Uint8Array([...head("200 OK", BARS.length), ...BARS]));
      conn.close();
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    requests: () => n,
    async close() {
      listener.close();
      await serving.catch(() => {});
    },
  };
}

Deno.test("fetchBars() retries a body cut off half-way and a 503, then succeeds", async () => {
  await against(flakyServer(), async (c) => {
    const got = await c.fetch();
    assert.equal(got.attempts, 3);
    assert.equal(c.s.requests(), 3);
    assert.deepEqual(await Deno.readFile(c.dest), BARS);
    assert.deepEqual(await names(c.tmp), []);
  });
});

Deno.test("fetchBars() fails at once on a refused token or an unknown dataset", async () => {
  const s = server((_, req) =>
    req.url.includes("missing")
      ? Response.json({ error: { code: "DATASET_NOT_FOUND", message: "no such" } }, {
        status: 404,
      })
      : Response.json({ error: { code: "UNAUTHORIZED", message: "invalid bearer token" } }, {
        status: 401,
      })
  );
  await against(s, async (c) => {
    const server = { url: s.url, token: "wrong" };
    await assert.rejects(c.fetch({ server }), (e: Error & { code?: string }) => {
      assert.equal(e.code, "BARS_UNAUTHORIZED");
      assert.match(e.message, /refused this worker \(401: UNAUTHORIZED invalid bearer token\)/);
      assert.ok(!e.message.includes("wrong"), "the token is never printed");
      return true;
    });
    await assert.rejects(
      c.fetch({ server, datasetId: "missing" }),
      (e: Error & { code?: string }) => e.code === "BARS_NOT_FOUND",
    );
    assert.equal(c.s.requests(), 2);
  });
});

Deno.test("barsUrl() escapes the dataset id into one path segment", () => {
  assert.equal(
    barsUrl("http://h:1/", "../../catalog.sqlite"),
    "http://h:1/datasets/..%2F..%2Fcatalog.sqlite/bars.parquet",
  );
});
