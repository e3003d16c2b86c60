/**
 * Specs of the UI routes over a dist folder written by the test: the page for `/` and deep
 * links, hashed assets with their cache policy, compression negotiation, ETags, and the
 * errors for a missing build or a bad asset name.
 */
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { testApp } from "../testing/test_app.ts";
import { createApp } from "../app.ts";
import { UiAssets } from "../ui_assets.ts";

async function distWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "hewston-ui-dist-" });
  await Deno.mkdir(`${dir}/assets`);
  for (const [name, body] of Object.entries(files)) {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    await Deno.writeFile(`${dir}/${name}`, bytes);
  }
  return dir;
}

const HTML = "<!doctype html><title>Hewston</title>";

Deno.test("GET / and UI deep links answer index.html, revalidated on every load", async () => {
  const dist = await distWith({ "index.html": HTML });
  const t = await testApp({ ui: new UiAssets(dist) });
  try {
    const app = createApp(t.deps);
    for (const path of ["/", "/ui/runs", "/ui/runs/0123456789abcdef"]) {
      const res = await app.request(path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
      assert.equal(res.headers.get("cache-control"), "no-cache");
      assert.equal(res.headers.get("vary"), "Accept-Encoding");
      assert.equal(await res.text(), HTML);
    }
    const etag = (await app.request("/")).headers.get("etag")!;
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    const again = await app.request("/ui/runs", { headers: { "If-None-Match": etag } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), "");
  } finally {
    t.close();
    Deno.removeSync(dist, { recursive: true });
  }
});

Deno.test("GET /assets/{name} is immutable and sent brotli, gzip or plain as accepted", async () => {
  const js = "console.log('hewston')";
  const dist = await distWith({
    "index.html": HTML,
    "assets/app-ABC123.js": js,
    "assets/app-ABC123.js.gz": gzipSync(js),
    "assets/app-ABC123.js.br": "BROTLI-BYTES",
  });
  const t = await testApp({ ui: new UiAssets(dist) });
  try {
    const app = createApp(t.deps);
    const get = (ae: string) =>
      app.request("/assets/app-ABC123.js", { headers: { "Accept-Encoding": ae } });
    const br = await get("gzip, deflate, br");
    assert.equal(br.status, 200);
    assert.equal(br.headers.get("content-encoding"), "br");
    assert.equal(br.headers.get("content-type"), "text/javascript; charset=utf-8");
    assert.equal(br.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal(await br.text(), "BROTLI-BYTES");
    const gz = await get("gzip, br;q=0");
    assert.equal(gz.headers.get("content-encoding"), "gzip");
    assert.equal(
      new TextDecoder().decode(
        new Uint8Array(
          await new Response(
            new Blob([await gz.arrayBuffer()]).stream().pipeThrough(
              new DecompressionStream("gzip"),
            ),
          ).arrayBuffer(),
        ),
      ),
      js,
    );
    const plain = await get("identity");
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(await plain.text(), js);
  } finally {
    t.close();
    Deno.removeSync(dist, { recursive: true });
  }
});

Deno.test("a missing asset, a path-like name and a missing build answer JSON errors", async () => {
  const dist = await distWith({ "index.html": HTML });
  const t = await testApp({ ui: new UiAssets(dist) });
  try {
    const app = createApp(t.deps);
    for (const path of ["/assets/app-NOPE.js", "/assets/..%2Findex.html", "/assets/.hidden.js"]) {
      const res = await app.request(path);
      assert.equal(res.status, 404, path);
      assert.equal((await res.json()).error.code, "NOT_FOUND");
    }
  } finally {
    t.close();
    Deno.removeSync(dist, { recursive: true });
  }
  const empty = await Deno.makeTempDir({ prefix: "hewston-ui-none-" });
  const t2 = await testApp({ ui: new UiAssets(empty) });
  try {
    const res = await createApp(t2.deps).request("/ui/runs");
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, "UI_NOT_BUILT");
  } finally {
    t2.close();
    Deno.removeSync(empty, { recursive: true });
  }
});
