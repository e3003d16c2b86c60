/**
 * Specs of the bearer-token middleware over the real app.
 */
import assert from "node:assert/strict";
import { testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { tokenMatches } from "./auth.ts";
import { UiAssets } from "../ui_assets.ts";

const ROUTES = [
  "/healthz",
  "/health",
  "/metrics",
  "/backtests",
  "/runs",
  "/datasets",
  "/presets",
  "/strategies",
  "/openapi.json",
  "/backtests/x/events",
  "/nope",
];

Deno.test("authMiddleware() lets every request through when the server has no token", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const res = await app.request("/healthz");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("www-authenticate"), null);
  } finally {
    t.close();
  }
});

Deno.test("authMiddleware() answers 401 on every route without the bearer token", async () => {
  const t = await testApp({ token: "s3cret-token" });
  try {
    const app = createApp(t.deps);
    for (const path of ROUTES) {
      for (
        const auth of [undefined, "Bearer wrong", "Basic s3cret-token", "Bearer", "s3cret-token"]
      ) {
        const res = await app.request(path, auth ? { headers: { Authorization: auth } } : {});
        assert.equal(res.status, 401, `${path} ${auth}`);
        assert.equal(res.headers.get("www-authenticate"), "Bearer");
        assert.deepEqual(await res.json(), {
          error: {
            code: "UNAUTHORIZED",
            message: auth?.startsWith("Bearer ")
              ? "invalid bearer token"
              : "missing bearer token: send Authorization: Bearer <token>",
          },
        });
      }
    }
    const post = await app.request("/backtests", { method: "POST", body: "{}" });
    assert.equal(post.status, 401);
  } finally {
    t.close();
  }
});

Deno.test("authMiddleware() lets the right bearer token through on every route", async () => {
  const t = await testApp({ token: "s3cret-token" });
  try {
    const app = createApp(t.deps);
    for (const path of ROUTES) {
      for (const auth of ["Bearer s3cret-token", "bearer   s3cret-token  "]) {
        const res = await app.request(path, { headers: { Authorization: auth } });
        assert.notEqual(res.status, 401, path);
        await res.body?.cancel();
      }
    }
    const ok = await app.request("/healthz", { headers: { Authorization: "Bearer s3cret-token" } });
    assert.equal(ok.status, 200);
  } finally {
    t.close();
  }
});

Deno.test("tokenMatches() compares whole tokens of any length", () => {
  assert.equal(tokenMatches("abc", "abc"), true);
  assert.equal(tokenMatches("abc", "abd"), false);
  assert.equal(tokenMatches("ab", "abc"), false);
  assert.equal(tokenMatches("", "abc"), false);
  assert.equal(tokenMatches("x".repeat(10_000), "x".repeat(10_000)), true);
});

Deno.test("authMiddleware() leaves the UI's shell public and keeps its data behind the token", async () => {
  const dist = await Deno.makeTempDir({ prefix: "hewston-ui-dist-" });
  await Deno.mkdir(`${dist}/assets`);
  await Deno.writeTextFile(`${dist}/index.html`, "<!doctype html><title>Hewston</title>");
  await Deno.writeTextFile(`${dist}/assets/app-AB12.js`, "export {}");
  const t = await testApp({ token: "s3cret-token", ui: new UiAssets(dist) });
  try {
    const app = createApp(t.deps);
    for (const path of ["/", "/ui/runs", "/ui/runs/0123456789abcdef", "/assets/app-AB12.js"]) {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      await res.body?.cancel();
    }
    // The shell is read-only: anything else on those paths still needs the token.
    const post = await app.request("/ui/runs", { method: "POST", body: "{}" });
    assert.equal(post.status, 401);
    await post.body?.cancel();
  } finally {
    t.close();
    Deno.removeSync(dist, { recursive: true });
  }
});

Deno.test("authMiddleware() takes ?token= only where a browser cannot send a header", async () => {
  const t = await testApp({ token: "s3cret-token" });
  try {
    const app = createApp(t.deps);
    // EventSource (run, sweep and catalog events), download links (artifacts): the query
    // token passes auth.
    for (
      const path of [
        "/backtests/0000000000000000/events/stream",
        "/sweeps/sw-0000000000000000/events/stream",
        "/events",
        "/runs/0000000000000000/artifacts/metrics.json",
      ]
    ) {
      const ok = await app.request(`${path}?token=s3cret-token`);
      assert.notEqual(ok.status, 401, path);
      await ok.body?.cancel();
      const bad = await app.request(`${path}?token=wrong`);
      assert.equal(bad.status, 401, path);
      await bad.body?.cancel();
    }
    // Everywhere else the query token is ignored.
    for (const path of ["/backtests", "/backtests/0000000000000000", "/healthz"]) {
      const res = await app.request(`${path}?token=s3cret-token`);
      assert.equal(res.status, 401, path);
      await res.body?.cancel();
    }
  } finally {
    t.close();
  }
});
