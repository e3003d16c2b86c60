import assert from "node:assert/strict";
import { Hono } from "hono";
import { z } from "zod";
import { HewstonError } from "../domain/errors.ts";
import { parseQuery, readJsonBody } from "./_http.ts";

function app(maxBytes = 16) {
  const a = new Hono();
  a.post("/", async (c) => c.json({ got: await readJsonBody(c, maxBytes) }));
  a.get(
    "/q",
    (c) => c.json(parseQuery(c, z.strictObject({ n: z.coerce.number().int().default(1) }))),
  );
  a.onError((err, c) => {
    const e = err as HewstonError;
    return c.json({ code: e.code, message: e.message }, e.status as 400);
  });
  return a;
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  app().request("/", { method: "POST", body, headers });

Deno.test("readJsonBody() parses JSON sent as application/json or +json, and refuses no type", async () => {
  for (
    const type of ["application/json", "application/json; charset=utf-8", "application/vnd.x+json"]
  ) {
    const res = await post('{"a":1}', { "content-type": type });
    assert.equal(res.status, 200, type);
    assert.deepEqual(await res.json(), { got: { a: 1 } });
  }
  // Without a type the body is refused: forms and no-cors fetches send none (CSRF).
  const untyped = await post(new Uint8Array([0x5b, 0x31, 0x5d]));
  assert.equal(untyped.status, 415);
  assert.deepEqual(await untyped.json(), {
    code: "UNSUPPORTED_MEDIA_TYPE",
    message: 'send the body as Content-Type: application/json, not ""',
  });
});

Deno.test("readJsonBody() refuses other media types, big, empty, non-UTF-8 and bad JSON", async () => {
  const json = { "content-type": "application/json" };
  const cases: [Response, number, string, string | RegExp][] = [
    [
      await post("{}", { "content-type": "text/csv" }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "send the body as Content-Type: application/json, not text/csv",
    ],
    [
      await post("[1,2,3,4,5,6,7,8,9]", json),
      413,
      "BODY_TOO_LARGE",
      "request body is larger than 16 bytes",
    ],
    [
      await post("[1]", { ...json, "content-length": "17" }),
      413,
      "BODY_TOO_LARGE",
      "request body is larger than 16 bytes",
    ],
    [await post("", json), 400, "MALFORMED_JSON", "request body is empty; expected a JSON object"],
    [
      await post(new Uint8Array([0x22, 0xff, 0x22]), json),
      400,
      "MALFORMED_JSON",
      "request body is not valid UTF-8",
    ],
    [await post("{'a':1}", json), 400, "MALFORMED_JSON", /^request body is not valid JSON: /],
  ];
  for (const [res, status, code, message] of cases) {
    assert.equal(res.status, status, code);
    const body = await res.json();
    assert.equal(body.code, code);
    if (typeof message === "string") assert.equal(body.message, message);
    else assert.match(body.message, message);
  }
});

Deno.test("parseQuery() coerces values and names the bad parameter", async () => {
  assert.deepEqual(await (await app().request("/q?n=3")).json(), { n: 3 });
  assert.deepEqual(await (await app().request("/q")).json(), { n: 1 });
  const bad = await app().request("/q?n=1.5");
  assert.equal(bad.status, 422);
  assert.deepEqual(await bad.json(), {
    code: "VALIDATION_ERROR",
    message: "query.n: Invalid input: expected int, received number",
  });
  const unknown = await app().request("/q?m=1&k=2");
  assert.equal((await unknown.json()).message, "query: unknown fields m, k");
});

Deno.test("readJsonBody() refuses 3,000 levels of nesting with TOO_DEEP before parsing", async () => {
  const deep = "[".repeat(3000) + "]".repeat(3000);
  const a = new Hono();
  a.post("/", async (c) => c.json({ got: await readJsonBody(c) }));
  a.onError((err, c) => {
    const e = err as HewstonError;
    return c.json({ code: e.code, message: e.message }, e.status as 400);
  });
  const res = await a.request("/", {
    method: "POST",
    body: deep,
    headers: { "content-type": "application/json" },
  });
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), {
    code: "TOO_DEEP",
    message: "request body nests deeper than 64 levels of arrays and objects",
  });
  // Brackets inside strings do not count; 64 levels are fine.
  const ok = await a.request("/", {
    method: "POST",
    body: "[".repeat(63) +
      '{"a":"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}' +
      "]".repeat(63),
    headers: { "content-type": "application/json" },
  });
  assert.equal(ok.status, 200);
});

Deno.test("readJsonBody() answers 408 REQUEST_TIMEOUT to a body that trickles in too slowly", async () => {
  const a = new Hono();
  a.post("/", async (c) => c.json({ got: await readJsonBody(c, 1024, 200) }));
  a.onError((err, c) => {
    const e = err as HewstonError;
    return c.json({ code: e.code, message: e.message }, e.status as 400);
  });
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(ctl) {
      ctl.enqueue(new TextEncoder().encode("{"));
      // One byte every 100 ms, never finishing: a slowloris body.
      timer = setInterval(() => ctl.enqueue(new TextEncoder().encode(" ")), 100);
    },
    cancel() {
      clearInterval(timer);
    },
  });
  const res = await a.request("/", {
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
  });
  clearInterval(timer);
  assert.equal(res.status, 408);
  assert.deepEqual(await res.json(), {
    code: "REQUEST_TIMEOUT",
    message: "the request body did not arrive within 0.2 s",
  });
});
