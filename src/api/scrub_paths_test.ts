import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import { pathScrubber } from "./scrub_paths.ts";
import { testApp } from "./testing/test_app.ts";

Deno.test("pathScrubber() writes data-dir paths relative to it and hides the server's folders", () => {
  const scrub = pathScrubber("/srv/h/data");
  assert.equal(scrub("/srv/h/data/raw/dbn/X.dbn: bad"), "raw/dbn/X.dbn: bad");
  assert.equal(scrub("path escapes /srv/h/data: ../x"), "path escapes .: ../x");
  assert.equal(scrub(`${Deno.cwd()}/main.ts failed`), "…/main.ts failed");
  assert.equal(scrub("GET /backtests/x"), "GET /backtests/x");
});

Deno.test("error answers name no absolute server path", async () => {
  const t = await testApp();
  try {
    const app = createApp(t.deps);
    const res = await app.request("/datasets", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ symbol: "NOPE", from: "2024-01-02", to: "2024-01-03" }),
    });
    assert.equal(res.status, 404);
    const text = await res.text();
    assert.ok(!text.includes(t.dir.root), text);
    assert.match(text, /put TRADES\+TBBO DBN files in raw\/dbn\/NOPE/);
  } finally {
    t.close();
  }
});
