/**
 * End-to-end specs of auth and CORS on the real `hewston serve`: no token on loopback, a
 * bearer token on every route when set, the refusal to bind a non-loopback address without
 * one, and CORS for local dev origins only.
 */
import assert from "node:assert/strict";
import { REPO } from "./_hewston.ts";
import { startServer } from "./_server.ts";
import { tempDir } from "./testing/temp_dir.ts";

const TOKEN = "e2e-token-7f3a9c";
const GET_ROUTES = [
  "/healthz",
  "/health",
  "/metrics",
  "/backtests",
  "/runs",
  "/datasets",
  "/presets",
  "/strategies",
  "/openapi.json",
];

Deno.test("hewston serve with a token answers 401 without it and 200 with it, on every route", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo", "--host", "0.0.0.0"], {
    HEWSTON_TOKEN: TOKEN,
  });
  try {
    assert.match(srv.url, /^http:\/\/0\.0\.0\.0:\d+$/);
    // Bound to every interface; the test talks to loopback only.
    const url = srv.url.replace("0.0.0.0", "127.0.0.1");
    for (const path of GET_ROUTES) {
      const none = await fetch(url + path);
      assert.equal(none.status, 401, path);
      assert.equal(none.headers.get("www-authenticate"), "Bearer");
      assert.equal((await none.json()).error.code, "UNAUTHORIZED");
      const wrong = await fetch(url + path, { headers: { Authorization: "Bearer nope" } });
      assert.equal(wrong.status, 401, path);
      await wrong.body?.cancel();
      const ok = await fetch(url + path, { headers: { Authorization: `Bearer ${TOKEN}` } });
      assert.equal(ok.status, 200, path);
      await ok.body?.cancel();
    }
    const post = await fetch(url + "/backtests", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    });
    assert.equal(post.status, 401);
    await post.body?.cancel();
    const events = await fetch(url + "/backtests/0000000000000000/events");
    assert.equal(events.status, 401);
    await events.body?.cancel();
  } finally {
    await srv.stop();
  }
  const log = srv.output();
  assert.equal(
    log.split("\n").filter((l) => l.includes('"msg":"request"')).length,
    GET_ROUTES.length * 3 + 2,
  );
  assert.ok(!log.includes(TOKEN), "the token never reaches the log");
});

Deno.test("hewston serve on loopback without a token needs no auth", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo"], { HEWSTON_TOKEN: "" });
  try {
    for (const path of GET_ROUTES) {
      const res = await fetch(srv.url + path);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
  } finally {
    await srv.stop();
  }
});

Deno.test("hewston serve still refuses a non-loopback address without a token", async () => {
  const dir = await tempDir();
  for (const host of ["0.0.0.0", "[::]"]) {
    const out = await new Deno.Command(`${REPO}/hewston`, {
      args: ["serve", "--host", host, "--port", "0", "--no-demo"],
      env: { HEWSTON_DATA_DIR: dir, HEWSTON_TOKEN: "" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1, host);
    assert.equal(
      new TextDecoder().decode(out.stderr),
      `hewston: refusing to bind ${host} without a token: pass --token or set HEWSTON_TOKEN\n`,
    );
  }
});

Deno.test("hewston serve gives CORS headers to the served origin and local dev servers only", async () => {
  const dir = await tempDir();
  const srv = await startServer(dir, ["--no-demo", "--cors-origin", "https://studio.example.com"]);
  try {
    for (const origin of [srv.url, "http://localhost:5173", "https://studio.example.com"]) {
      const res = await fetch(srv.url + "/healthz", { headers: { Origin: origin } });
      assert.equal(res.headers.get("access-control-allow-origin"), origin);
      await res.body?.cancel();
      const pre = await fetch(srv.url + "/backtests", {
        method: "OPTIONS",
        headers: { Origin: origin, "Access-Control-Request-Method": "POST" },
      });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get("access-control-allow-origin"), origin);
      assert.equal(
        pre.headers.get("access-control-allow-methods"),
        "GET, HEAD, POST, DELETE, OPTIONS",
      );
      await pre.body?.cancel();
    }
    const denied = await fetch(srv.url + "/healthz", {
      headers: { Origin: "https://evil.example.com" },
    });
    assert.equal(denied.status, 200);
    assert.deepEqual(
      [...denied.headers.keys()].filter((k) => k.startsWith("access-control-")),
      [],
    );
    await denied.body?.cancel();
    const pre = await fetch(srv.url + "/backtests", {
      method: "OPTIONS",
      headers: { Origin: "https://evil.example.com", "Access-Control-Request-Method": "POST" },
    });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get("access-control-allow-origin"), null);
    assert.equal((await pre.json()).error.code, "CORS_ORIGIN_DENIED");
  } finally {
    await srv.stop();
  }
});
