import assert from "node:assert/strict";
import { ApiError, createApiClient } from "./client.ts";

/** A fetch that records each request and answers from a table. */
function recorder(answer: (url: string) => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchFn = ((url: string, init: RequestInit) => {
    calls.push({ url, init });
    return Promise.resolve(answer(url));
  }) as typeof fetch;
  return { calls, fetchFn };
}

Deno.test("the client sends writes as JSON, the token as a header, and in the URLs a browser opens", async () => {
  const { calls, fetchFn } = recorder(() => Response.json({ run_id: "r", status: "CANCELLED" }));
  const api = createApiClient("http://h:1", "tok", fetchFn);
  await api.cancelRun("r/1");
  assert.equal(calls[0].url, "http://h:1/backtests/r%2F1/cancel");
  assert.equal(calls[0].init.method, "POST");
  assert.deepEqual(calls[0].init.headers, {
    Authorization: "Bearer tok",
    "Content-Type": "application/json",
  });
  await api.listRuns({ symbol: "DEMO", status: "", order: "-sharpe" });
  assert.equal(calls[1].url, "http://h:1/backtests?symbol=DEMO&order=-sharpe");
  assert.equal(
    api.url("/backtests/r/events/stream"),
    "http://h:1/backtests/r/events/stream?token=tok",
  );
  assert.deepEqual(calls[1].init.headers, { Authorization: "Bearer tok" });
});

Deno.test("API errors come back as ApiError with the server's code and message", async () => {
  const { fetchFn } = recorder(() =>
    Response.json({ error: { code: "RUN_NOT_FOUND", message: "run x not found" } }, {
      status: 404,
    })
  );
  const api = createApiClient("", undefined, fetchFn);
  await assert.rejects(api.getRun("x"), (e) => {
    assert.ok(e instanceof ApiError);
    assert.equal(e.status, 404);
    assert.equal(e.code, "RUN_NOT_FOUND");
    assert.equal(e.message, "run x not found");
    return true;
  });
  // A missing validation summary is "none", not an error.
  assert.equal(await api.getValidation("x"), null);
});
