/**
 * A new user's journey through the browser UI, in a real Chromium on the real `hewston serve`
 * (temp data dir, DEMO dataset and DEMO run built on first start). The page is read as a user
 * reads it: roles, labels and text. Screenshots of each view go to `docs/screenshots/`.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumPath, launchChromium, openPage, SCREENSHOTS } from "./_browser.ts";
import { type Server, startServer } from "./_server.ts";

const JSON_TYPE = { "content-type": "application/json" };

async function api<T = Record<string, unknown>>(
  srv: Server,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(srv.url + path, {
    method,
    headers: JSON_TYPE,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : ({} as T);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function runDone(srv: Server, id: string): Promise<Record<string, unknown>> {
  return await until(`run ${id} DONE`, async () => {
    const r = await api(srv, "GET", `/backtests/${id}`);
    if (r.status === "ERROR" || r.status === "CANCELLED") throw new Error(JSON.stringify(r));
    return r.status === "DONE" ? r : undefined;
  });
}

async function shot(page: Page, name: string): Promise<void> {
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(name, SCREENSHOTS).pathname, fullPage: true });
}

const skip = chromiumPath() === null;
if (skip) console.log("ui_e2e_test: skipped, no Chromium installed (apt-get install chromium)");

Deno.test({
  name: "a new user opens the UI, sees the DEMO data and runs live, and follows deep links",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "hewston-ui-e2e-" });
  const srv = await startServer(dir, ["--workers", "2"]);
  const browser = await launchChromium();
  try {
    // The first start builds the DEMO dataset, then the DEMO run.
    const demo = await until("the DEMO run", async () => {
      const list = await api<{ items: { run_id: string; strategy_id: string }[] }>(
        srv,
        "GET",
        "/backtests",
      );
      return list.items[0];
    });
    await runDone(srv, demo.run_id);
    const made = await api<{ run_id: string }>(srv, "POST", "/backtests", {
      symbol: "DEMO",
      from: "2024-01-01",
      to: "2024-12-31",
      strategy_id: "sma_crossover",
      params: { fast: 10, slow: 30 },
      seed: 7,
      slippage_fees: { k_spread: 0.5, fees_bps: 1 },
    });
    await runDone(srv, made.run_id);
    const { page, errors } = await openPage(browser);

    await t.step("the runs page lists the DEMO dataset and both runs", async () => {
      await page.goto(srv.url + "/");
      await page.getByRole("heading", { name: "Runs" }).waitFor();
      const datasets = page.getByRole("region", { name: "Datasets" });
      await datasets.getByText("DEMO 2024-01-01 → 2024-12-31").waitFor();
      await datasets.getByText("97,740 bars").waitFor();
      const table = page.getByRole("table", { name: "Runs" });
      for (const id of [demo.run_id, made.run_id]) {
        await table.getByRole("link", { name: id }).waitFor();
      }
      const demoRow = table.getByRole("row").filter({ hasText: demo.run_id });
      assert.match(await demoRow.innerText(), /DONE[\s\S]*sma_crossover[\s\S]*fast=20 slow=50/);
      await shot(page, "runs.png");
    });

    await t.step("a run created meanwhile appears and its stages show live", async () => {
      const live = await api<{ run_id: string }>(srv, "POST", "/backtests", {
        symbol: "DEMO",
        from: "2024-01-01",
        to: "2024-12-31",
        strategy_id: "sma_crossover",
        params: { fast: 15, slow: 60 },
        seed: 11,
        slippage_fees: { k_spread: 0.5, fees_bps: 1 },
        validation: { permutation: { trials: 200 }, bootstrap: {}, monte_carlo: {} },
      });
      const row = page.getByRole("table", { name: "Runs" }).getByRole("row").filter({
        hasText: live.run_id,
      });
      await row.waitFor({ timeout: 15_000 });
      const seen = new Set<string>();
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const text = await row.innerText().catch(() => "");
        const m = text.match(/\b(QUEUED|RUNNING|DONE|ERROR)\b(?:\s*·\s*(\w+))?/);
        if (m) seen.add(m[2] ? `${m[1]} · ${m[2]}` : m[1]);
        if (m?.[1] === "DONE") break;
        await page.waitForTimeout(40);
      }
      assert.ok(seen.has("DONE"), [...seen].join(", "));
      const stages = [...seen].filter((s) => s.startsWith("RUNNING · "));
      assert.ok(stages.length >= 1, `no live stage seen: ${[...seen].join(", ")}`);
      // The metrics arrive with the reload that follows the terminal event.
      assert.match(await row.innerText(), /\$\d/);
    });

    await t.step("a run's page is a deep link that survives a reload; back returns", async () => {
      await page.getByRole("link", { name: demo.run_id }).click();
      await page.waitForURL(`**/ui/runs/${demo.run_id}`);
      await page.getByRole("heading", { name: /sma_crossover.*DEMO/ }).waitFor();
      await page.reload();
      await page.getByRole("heading", { name: /sma_crossover.*DEMO/ }).waitFor();
      const metrics = page.getByRole("definition").first();
      await metrics.waitFor();
      await page.goBack();
      await page.waitForURL((u) => new URL(u).pathname === "/");
      await page.getByRole("heading", { name: "Runs" }).waitFor();
      await page.goForward();
      await page.getByRole("heading", { name: /sma_crossover.*DEMO/ }).waitFor();
    });

    await t.step("an unknown page says so and links back", async () => {
      await page.goto(srv.url + "/ui/nowhere");
      await page.getByRole("heading", { name: "Not found" }).waitFor();
      await page.getByRole("link", { name: "Back to runs" }).click();
      await page.getByRole("heading", { name: "Runs" }).waitFor();
    });

    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await srv.stop();
  }
});
