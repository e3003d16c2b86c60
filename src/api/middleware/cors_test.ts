/**
 * Specs of the CORS middleware over the real app.
 */
import assert from "node:assert/strict";
import { testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { originAllowed } from "./cors.ts";

const SELF = "http://127.0.0.1:8000";

Deno.test("originAllowed() accepts the served origin, local dev servers and configured origins", () => {
  const extra = ["https://studio.example.com"];
  for (
    const o of [
      SELF,
      "http://localhost:5173",
      "http://localhost",
      "http://127.0.0.1:3000",
      "http://[::1]:5173",
      "https://studio.example.com",
      "https://studio.example.com/",
    ]
  ) assert.equal(originAllowed(o, SELF, extra), true, o);
  for (
    const o of [
      "https://evil.example.com",
      "http://localhost.evil.com",
      "http://127.0.0.1.evil.com:80",
      "https://localhost:5173",
      "null",
      "http://studio.example.com",
    ]
  ) assert.equal(originAllowed(o, SELF, extra), false, o);
});

Deno.test("corsMiddleware() adds CORS headers for allowed origins only", async () => {
  const t = await testApp({ corsOrigins: ["https://studio.example.com"] });
  try {
    const app = createApp(t.deps);
    for (
      const origin of ["http://localhost:5173", "https://studio.example.com", "http://localhost"]
    ) {
      const res = await app.request("http://localhost/healthz", { headers: { Origin: origin } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("access-control-allow-origin"), origin);
      assert.equal(
        res.headers.get("access-control-expose-headers"),
        "X-Request-Id, ETag, Location, Retry-After",
      );
      assert.equal(res.headers.get("vary"), "Origin");
    }
    const denied = await app.request("/healthz", { headers: { Origin: "https://evil.example" } });
    assert.equal(denied.status, 200);
    assert.deepEqual(
      [...denied.headers.keys()].filter((k) => k.startsWith("access-control-")),
      [],
    );
    assert.equal(denied.headers.get("vary"), "Origin");
    const none = await app.request("/healthz");
    assert.equal(none.headers.get("access-control-allow-origin"), null);
    assert.equal(none.headers.get("vary"), null);
  } finally {
    t.close();
  }
});

Deno.test("corsMiddleware() answers preflights before auth: 204 when allowed, 403 otherwise", async () => {
  const t = await testApp({ token: "s3cret-token" });
  try {
    const app = createApp(t.deps);
    const pre = (origin: string) =>
      app.request("/backtests", {
        method: "OPTIONS",
        headers: {
          Origin: origin,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization, content-type",
        },
      });
    const ok = await pre("http://localhost:5173");
    assert.equal(ok.status, 204);
    assert.equal(await ok.text(), "");
    assert.equal(ok.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.equal(
      ok.headers.get("access-control-allow-methods"),
      "GET, HEAD, POST, DELETE, OPTIONS",
    );
    assert.equal(
      ok.headers.get("access-control-allow-headers"),
      "Authorization, Content-Type, Idempotency-Key, X-Idempotency-Key, X-Request-Id, Last-Event-ID, If-None-Match",
    );
    assert.equal(ok.headers.get("access-control-max-age"), "600");
    const no = await pre("https://evil.example");
    assert.equal(no.status, 403);
    assert.equal(no.headers.get("access-control-allow-origin"), null);
    assert.deepEqual(await no.json(), {
      error: { code: "CORS_ORIGIN_DENIED", message: "origin https://evil.example is not allowed" },
    });
    // The actual request still needs the token, and a 401 carries the CORS headers.
    const unauth = await app.request("/backtests", {
      headers: { Origin: "http://localhost:5173" },
    });
    assert.equal(unauth.status, 401);
    assert.equal(unauth.headers.get("access-control-allow-origin"), "http://localhost:5173");
  } finally {
    t.close();
  }
});
