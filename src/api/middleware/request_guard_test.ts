/**
 * Specs of the Host / Origin / Content-Type guard over the real app: what a foreign web page
 * (CSRF) or a DNS-rebinding page can send is refused; the same-origin UI passes.
 */
import assert from "node:assert/strict";
import { putRun, testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { hostAllowed } from "./request_guard.ts";

const JSON_TYPE = { "Content-Type": "application/json" };

Deno.test("hostAllowed() accepts IP literals, localhost and configured names only", () => {
  for (
    const h of [
      "127.0.0.1:8000",
      "localhost",
      "LOCALHOST:8000",
      "[::1]:8000",
      "192.168.1.20:8000",
      "studio.lan:8000",
      "studio.lan.",
    ]
  ) assert.equal(hostAllowed(h, ["studio.lan"]), true, h);
  for (const h of ["evil.example.com", "localhost.evil.com:8000", "127.0.0.1.nip.io", "lan"]) {
    assert.equal(hostAllowed(h, ["studio.lan"]), false, h);
  }
});

Deno.test("requestGuard() answers 421 to a Host a DNS-rebinding page would send", async () => {
  const t = await testApp({ allowedHosts: ["studio.lan"] });
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "DONE");
    for (const path of ["/backtests", "/backtests/run0000000000001", "/healthz", "/datasets"]) {
      const res = await app.request(`http://rebind.evil.example:8000${path}`);
      assert.equal(res.status, 421, path);
      assert.deepEqual(await res.json(), {
        error: {
          code: "MISDIRECTED_REQUEST",
          message:
            'this server does not answer for host "rebind.evil.example:8000"; add it with --allowed-host',
        },
      });
    }
    for (const base of ["http://127.0.0.1:8000", "http://[::1]:8000", "http://studio.lan:8000"]) {
      const res = await app.request(`${base}/backtests`);
      assert.equal(res.status, 200, base);
      await res.body?.cancel();
    }
  } finally {
    t.close();
  }
});

Deno.test("requestGuard() answers 415 to writes a form or a no-cors fetch can send", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "QUEUED");
    const posts: [string, Record<string, string>][] = [
      ["/backtests", {}],
      ["/backtests", { "Content-Type": "text/plain" }],
      ["/backtests", { "Content-Type": "application/x-www-form-urlencoded" }],
      ["/backtests/run0000000000001/cancel", { "Content-Type": "multipart/form-data; b=x" }],
      ["/backtests/run0000000000001/cancel", {}],
      ["/datasets", { "Content-Type": "text/plain" }],
      ["/presets", {}],
    ];
    for (const [path, headers] of posts) {
      const res = await app.request(path, { method: "POST", headers, body: "{}" });
      assert.equal(res.status, 415, `${path} ${JSON.stringify(headers)}`);
      assert.equal((await res.json()).error.code, "UNSUPPORTED_MEDIA_TYPE");
    }
    // The run was not touched.
    assert.equal(t.deps.runs.getRun("run0000000000001")!.status, "QUEUED");
    const ok = await app.request("/backtests/run0000000000001/cancel", {
      method: "POST",
      headers: JSON_TYPE,
    });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).status, "CANCELLED");
  } finally {
    t.close();
  }
});

Deno.test("requestGuard() answers 403 to writes and sockets from a foreign origin, not the UI's", async () => {
  const t = await testApp({ corsOrigins: ["https://studio.example.com"] });
  try {
    const app = createApp(t.deps);
    putRun(t.deps, "run0000000000001", "DONE");
    const evil = { Origin: "https://evil.example.com" };
    const refused: [string, RequestInit][] = [
      ["/backtests", { method: "POST", headers: { ...JSON_TYPE, ...evil }, body: "{}" }],
      ["/backtests/run0000000000001", { method: "DELETE", headers: evil }],
      ["/presets", { method: "POST", headers: { ...JSON_TYPE, Origin: "null" }, body: "{}" }],
      ["/backtests/run0000000000001/ws", { headers: { ...evil, Upgrade: "websocket" } }],
    ];
    for (const [path, init] of refused) {
      const res = await app.request(`http://127.0.0.1:8000${path}`, init);
      assert.equal(res.status, 403, `${init.method ?? "GET"} ${path}`);
      assert.equal((await res.json()).error.code, "ORIGIN_DENIED");
    }
    assert.equal(t.deps.runs.getRun("run0000000000001")!.status, "DONE");
    // A foreign page may still GET (CORS then withholds the answer from it).
    const read = await app.request("http://127.0.0.1:8000/backtests", { headers: evil });
    assert.equal(read.status, 200);
    assert.equal(read.headers.get("access-control-allow-origin"), null);
    await read.body?.cancel();
    // The UI, served by this server, writes as its own origin; configured origins too.
    for (const origin of ["http://127.0.0.1:8000", "https://studio.example.com"]) {
      const res = await app.request("http://127.0.0.1:8000/backtests", {
        method: "POST",
        headers: { ...JSON_TYPE, Origin: origin },
        body: JSON.stringify({ dataset_id: "nope", strategy_id: "sma_crossover" }),
      });
      assert.equal(res.status, 404, origin); // past the guard: the dataset is unknown
      await res.body?.cancel();
    }
  } finally {
    t.close();
  }
});
