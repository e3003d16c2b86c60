/**
 * A new user's journey through the browser UI, in a real Chromium on the real `hewston serve`
 * (temp data dir, DEMO dataset and DEMO run built on first start). The page is read as a user
 * reads it: roles, labels and text. Screenshots of each view go to a temp folder (printed), or
 * to `docs/screenshots/` with `HEWSTON_UPDATE_SCREENSHOTS=1`.
 */
import assert from "node:assert/strict";
import { chromiumPath, openPage } from "./_browser.ts";
import type { Server } from "./_server.ts";
import { api, shot, startUiSession } from "./testing/ui_session.ts";
import { formatCount, formatUsd } from "../ui/src/format.ts";

/** The page's globals, inside functions run in the page (no DOM types in Deno's check). */
// deno-lint-ignore no-explicit-any
type PageGlobal = { document: any };

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

const skip = chromiumPath() === null;
if (skip) console.log("ui_e2e_test: skipped, no Chromium installed (apt-get install chromium)");

Deno.test({
  name: "a new user opens the UI, sees the DEMO data and runs live, and follows deep links",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  const ui = await startUiSession({ prefix: "hewston-ui-e2e-", serveArgs: ["--workers", "2"] });
  const { srv, browser } = ui;
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
      // Until the list answers (held back here), the page says it is loading, not "no runs".
      const isList = (u: URL) => u.pathname === "/backtests";
      await page.route(isList, async (route) => {
        await new Promise((r) => setTimeout(r, 1500));
        await route.continue();
      }, { times: 1 });
      await page.goto(srv.url + "/");
      await page.getByText("Loading runs…").waitFor();
      assert.equal(await page.getByText("No runs match").count(), 0);
      assert.equal(await page.getByText("0 in the catalog").count(), 0);
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
      // On a desk-sized screen every row's Delete is in reach without scrolling the table.
      const wrap = (await page.locator(".table-wrap").filter({ has: table }).boundingBox())!;
      for (const id of [demo.run_id, made.run_id]) {
        const del = table.getByRole("button", { name: `Delete run ${id}` });
        const box = (await del.boundingBox())!;
        assert.ok(
          box.x >= wrap.x && box.x + box.width <= wrap.x + wrap.width,
          `Delete run ${id} at x ${box.x.toFixed(0)}–${(box.x + box.width).toFixed(0)}, ` +
            `the table shows ${wrap.x.toFixed(0)}–${(wrap.x + wrap.width).toFixed(0)}`,
        );
      }
      await shot(page, "runs.png");
    });

    await t.step("a run created meanwhile appears and its stages show live", async () => {
      // The list is live from the catalog's event stream: while nothing happens, it reads
      // nothing (no polling).
      const listReads: string[] = [];
      const countList = (r: { url(): string; method(): string }) => {
        const u = new URL(r.url());
        if (r.method() === "GET" && u.pathname === "/backtests") listReads.push(u.search);
      };
      page.on("request", countList);
      await page.waitForTimeout(4500);
      assert.deepEqual(listReads, [], "the idle list polled");
      // Every stage the list draws is recorded as it is drawn (a stage may last less than
      // the time between two reads of the page).
      await page.evaluate(() => {
        // deno-lint-ignore no-explicit-any
        const g = globalThis as any;
        g.__stagesDrawn = [] as string[];
        new g.MutationObserver(() => {
          for (const el of g.document.querySelectorAll('table[aria-label="Runs"] .badge-stage')) {
            g.__stagesDrawn.push(el.closest("tr")?.textContent ?? "");
          }
        }).observe(g.document.body, { subtree: true, childList: true, characterData: true });
      });
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
      const drawn = await page.evaluate(() =>
        (globalThis as unknown as { __stagesDrawn: string[] }).__stagesDrawn
      );
      const stages = drawn.filter((r) => r.includes(live.run_id) && /RUNNING\s*·\s*\w+/.test(r));
      assert.ok(stages.length >= 1, `no live stage drawn: ${[...seen].join(", ")}`);
      // The metrics arrive with the reload that follows the terminal event.
      await until(
        "the metrics in the row",
        async () => /\$\d/.test(await row.innerText()) ? true : undefined,
        15_000,
      );
      page.off("request", countList);
      assert.ok(listReads.length <= 3, `list read ${listReads.length} times for one run`);
      // Deleted by another client, the run leaves the list.
      await api(srv, "DELETE", `/backtests/${live.run_id}`);
      await row.waitFor({ state: "detached", timeout: 10_000 });
    });

    await t.step("the list sorts by a metric and filters by status", async () => {
      const table = page.getByRole("table", { name: "Runs" });
      await table.getByRole("button", { name: "Sharpe" }).click();
      await page.waitForFunction(() =>
        (globalThis as unknown as PageGlobal).document.querySelector(
          'th[aria-sort="descending"]',
        )?.textContent?.includes("Sharpe")
      );
      const sharpeCol = 1 +
        (await table.locator("thead th").allInnerTexts()).findIndex((h) => h.startsWith("Sharpe"));
      const list = await api<{ items: { run_id: string }[] }>(
        srv,
        "GET",
        "/backtests?order=-sharpe&limit=200",
      );
      await page.waitForFunction(
        (first) =>
          (globalThis as unknown as PageGlobal).document.querySelector(
            'table[aria-label="Runs"] tbody tr td:nth-child(3)',
          )?.textContent === first,
        list.items[0].run_id,
      );
      const shown = await table.locator("tbody tr td:nth-child(3)").allInnerTexts();
      assert.deepEqual(shown, list.items.map((r) => r.run_id));
      const sharpes = (await table.locator(`tbody tr td:nth-child(${sharpeCol})`).allInnerTexts())
        .map((x) => Number(x.replace("−", "-")));
      assert.deepEqual(sharpes, sharpes.slice().sort((a, b) => b - a));
      await page.getByRole("combobox", { name: "Status" }).selectOption("CANCELLED");
      await table.getByText("No runs match.").waitFor();
      await page.getByRole("combobox", { name: "Status" }).selectOption("DONE");
      await table.getByRole("link", { name: demo.run_id }).waitFor();
      await page.getByRole("combobox", { name: "Status" }).selectOption("");
    });

    await t.step("a run is cancelled while it works, then deleted, from the list", async () => {
      const slow = await api<{ run_id: string }>(srv, "POST", "/backtests", {
        symbol: "DEMO",
        from: "2024-01-01",
        to: "2024-12-31",
        strategy_id: "sma_crossover",
        params: { fast: 5, slow: 200 },
        seed: 3,
        validation: { permutation: { trials: 2000 }, bootstrap: { trials: 5000 } },
      });
      const table = page.getByRole("table", { name: "Runs" });
      const row = table.getByRole("row").filter({ hasText: slow.run_id });
      await row.getByRole("button", { name: `Cancel run ${slow.run_id}` }).click({
        timeout: 15_000,
      });
      await row.getByText("CANCELLED").waitFor({ timeout: 30_000 });
      await row.getByRole("button", { name: `Delete run ${slow.run_id}` }).click();
      const confirm = page.getByRole("alertdialog", { name: "Confirm delete" });
      await confirm.getByRole("button", { name: "Delete" }).click();
      await row.waitFor({ state: "detached" });
      const res = await fetch(`${srv.url}/backtests/${slow.run_id}`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
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

    await t.step("a working run's page follows it live, to its end", async () => {
      const slow = await api<{ run_id: string }>(srv, "POST", "/backtests", {
        symbol: "DEMO",
        from: "2024-01-01",
        to: "2024-12-31",
        strategy_id: "sma_crossover",
        params: { fast: 6, slow: 190 },
        seed: 4,
        validation: { permutation: { trials: 2000 }, bootstrap: { trials: 5000 } },
      });
      await page.goto(`${srv.url}/ui/runs/${slow.run_id}`);
      const badge = page.locator(".page-head .badge").first();
      // Working: the badge names the stage as the run's events arrive (no reload, no poll).
      await page.waitForFunction(
        () =>
          /RUNNING\s*·\s*\w+/.test(
            (globalThis as unknown as PageGlobal).document.querySelector(".page-head")
              ?.textContent ?? "",
          ),
        null,
        { timeout: 30_000 },
      );
      assert.match(await badge.innerText(), /RUNNING/);
      await api(srv, "POST", `/backtests/${slow.run_id}/cancel`);
      await page.locator(".page-head").getByText("CANCELLED").waitFor({ timeout: 30_000 });
      // A run that ends DONE while its page is open gets its chart there.
      const quick = await api<{ run_id: string }>(srv, "POST", "/backtests", {
        symbol: "DEMO",
        from: "2024-01-01",
        to: "2024-12-31",
        strategy_id: "sma_crossover",
        params: { fast: 7, slow: 70 },
        seed: 5,
      });
      await page.goto(`${srv.url}/ui/runs/${quick.run_id}`);
      await page.getByRole("img", { name: /Price, equity and drawdown chart/ }).waitFor({
        timeout: 60_000,
      });
      await page.locator(".page-head").getByText("DONE").waitFor();
      await api(srv, "DELETE", `/backtests/${slow.run_id}`);
      await api(srv, "DELETE", `/backtests/${quick.run_id}`);
    });

    await t.step("an unknown page says so and links back", async () => {
      await page.goto(srv.url + "/ui/nowhere");
      await page.getByRole("heading", { name: "Not found" }).waitFor();
      await page.getByRole("link", { name: "Back to runs" }).click();
      await page.getByRole("heading", { name: "Runs" }).waitFor();
    });

    // What the chart must hold, from the API: the series (bars, equity) and the fills.
    const series = await api<{
      bars: { ts: number[] };
      curve: { equity: number[] };
      fills: { bar: number[] };
    }>(srv, "GET", `/backtests/${demo.run_id}/series`);
    const metrics = await api<{ final_equity: number }>(
      srv,
      "GET",
      `/backtests/${demo.run_id}/artifacts/metrics.json`,
    );
    const n = series.bars.ts.length;
    const fills = series.fills.bar.length;
    const chart = page.getByRole("img", { name: /Price, equity and drawdown chart/ });
    const statText = (name: string) =>
      page.locator(`dl[aria-label="At the playhead"] dt:text-is("${name}") + dd`).innerText();
    const label = () => chart.getAttribute("aria-label").then((x) => x ?? "");
    const waitLabel = (re: RegExp) =>
      page.waitForFunction(
        (src) =>
          new RegExp(src).test(
            (globalThis as unknown as PageGlobal).document.querySelector("figure.chart")
              ?.getAttribute("aria-label") ?? "",
          ),
        re.source,
        { timeout: 120_000 },
      );

    await t.step(
      "the run plays at a high speed to the end: final equity and every fill",
      async () => {
        await page.goto(`${srv.url}/ui/runs/${demo.run_id}`);
        await page.getByText(/Paused · WebSocket/).waitFor({ timeout: 30_000 });
        await page.getByRole("combobox", { name: "Speed" }).selectOption("3600");
        await page.getByRole("button", { name: "Play" }).click();
        await page.getByText(/Playing · WebSocket|Ended · WebSocket/).waitFor();
        await page.getByText(/Ended · WebSocket/).waitFor({ timeout: 120_000 });
        assert.equal(await statText("Equity"), formatUsd(metrics.final_equity));
        assert.equal(await statText("Bars"), formatCount(n));
        assert.equal(await statText("Fills so far"), formatCount(fills));
        await waitLabel(new RegExp(`${formatCount(n)} of ${formatCount(n)} bars`));
        assert.match(
          await label(),
          new RegExp(`${formatCount(fills)} of ${formatCount(fills)} fills marked`),
        );
      },
    );

    await t.step(
      "a seek to the middle leaves bars, fills and equity up to that time only",
      async () => {
        const mid = Math.floor(n / 2);
        await page.getByRole("slider", { name: "Playhead" }).fill(String(mid));
        const upTo = series.fills.bar.filter((b) => b <= mid).length;
        await waitLabel(
          new RegExp(`^Price, equity and drawdown chart: ${formatCount(mid + 1)} of`),
        );
        assert.match(
          await label(),
          new RegExp(`${formatCount(upTo)} of ${formatCount(fills)} fills marked`),
        );
        assert.equal(await statText("Bars"), formatCount(mid + 1));
        assert.equal(await statText("Fills so far"), formatCount(upTo));
        assert.equal(await statText("Equity"), formatUsd(series.curve.equity[mid]));
        assert.equal(
          await page.getByRole("slider", { name: "Playhead" }).getAttribute("aria-valuetext"),
          await statText("Time"),
        );
        await shot(page, "run-detail.png");
      },
    );

    await t.step("a trade clicked in the list is shown on the chart, and back again", async () => {
      await page.getByRole("button", { name: "Best" }).click();
      const trades = page.getByRole("table", { name: "Trades" });
      const best = trades.getByRole("row").nth(1);
      const pnls = await trades.locator("tbody tr td:nth-child(8)").allInnerTexts();
      const money = (x: string) => Number(x.replace("−", "-").replace(/[$,]/g, ""));
      assert.deepEqual(pnls.map(money), pnls.map(money).sort((a, b) => b - a));
      await best.click();
      await waitLabel(/candles of 1 min/);
      assert.equal(await best.getAttribute("aria-selected"), "true");
      await shot(page, "trade.png");
      // A click on the chart selects the trade there (here: the one on screen).
      await page.getByRole("button", { name: "Time" }).click();
      await chart.scrollIntoViewIfNeeded();
      const box = (await chart.boundingBox())!;
      await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.3);
      const selected = trades.locator('tr[aria-selected="true"]');
      await selected.waitFor();
      assert.equal(await selected.count(), 1);
    });

    await t.step(
      "the year's trade list scrolls to its last trade, drawing only what shows",
      async () => {
        const trades = page.getByRole("table", { name: "Trades" });
        const toolbar = await page.getByRole("toolbar", { name: "Trade order" }).innerText();
        const total = Number(toolbar.match(/([\d,]+) trades/)![1].replaceAll(",", ""));
        assert.ok(total > 500, `a symbol-year has hundreds of trades (${total})`);
        assert.equal(await trades.getAttribute("aria-rowcount"), String(total + 1));
        const drawn = trades.locator("tbody tr[data-n]");
        assert.ok(await drawn.count() < 80, `rows in the DOM: ${await drawn.count()}`);
        // Every drawn row has the one height the window's arithmetic assumes.
        const heights = await drawn.evaluateAll((rows) =>
          rows.map((r) => (r as unknown as { offsetHeight: number }).offsetHeight)
        );
        assert.deepEqual([...new Set(heights)], [26]);
        // Scrolled to the end, the last trade in time order is there, numbered `total`.
        const wrap = page.locator(".trades-wrap");
        await wrap.hover();
        for (let i = 0; i < 200; i++) {
          await page.mouse.wheel(0, 4000);
          if (await trades.locator(`tr[aria-rowindex="${total + 1}"]`).count() > 0) break;
        }
        const last = trades.locator(`tr[aria-rowindex="${total + 1}"]`);
        await last.waitFor();
        assert.equal(await last.locator("td").first().innerText(), String(total));
        assert.ok(await drawn.count() < 80);
        // ↑ from the last row moves to the one before it.
        await last.focus();
        await page.keyboard.press("ArrowUp");
        assert.equal(
          await page.evaluate(() =>
            (globalThis as unknown as PageGlobal).document.activeElement?.getAttribute(
              "aria-rowindex",
            )
          ),
          String(total),
        );
      },
    );

    await t.step(
      "the keyboard plays, pauses, steps, jumps between fills and to the ends",
      async () => {
        const bars = async () => Number((await statText("Bars")).replaceAll(",", ""));
        const waitBars = (want: number) =>
          page.waitForFunction(
            (w) => {
              const dts = [
                ...(globalThis as unknown as PageGlobal).document.querySelectorAll(
                  'dl[aria-label="At the playhead"] dt',
                ),
              ] as { textContent: string; nextElementSibling?: { textContent: string } }[];
              const dd = dts.find((x) => x.textContent === "Bars")?.nextElementSibling;
              return Number((dd?.textContent ?? "").replaceAll(",", "")) === w;
            },
            want,
            { timeout: 20_000 },
          );
        await page.getByRole("heading", { name: /sma_crossover/ }).click();
        const start = await bars();
        await page.keyboard.press("ArrowRight");
        await waitBars(start + 1);
        await page.keyboard.press("ArrowLeft");
        await waitBars(start);
        const pos = start - 1;
        const next = series.fills.bar.find((b) => b > pos)!;
        await page.keyboard.press("]");
        await waitBars(next + 1);
        const prev = series.fills.bar.filter((b) => b < next).at(-1)!;
        await page.keyboard.press("[");
        await waitBars(prev + 1);
        // Keys faster than the server answers: each acts on where the page already is, and
        // no late answer pulls the playhead back.
        const n1 = series.fills.bar.find((b) => b > prev)!;
        await page.keyboard.press("]");
        await page.keyboard.press("]");
        await page.keyboard.press("[");
        await waitBars(n1 + 1);
        await page.waitForTimeout(300);
        assert.equal(await bars(), n1 + 1);
        await page.keyboard.press("Home");
        await waitBars(1);
        await page.keyboard.press("End");
        await waitBars(n);
        await page.getByRole("combobox", { name: "Speed" }).selectOption("60");
        await page.getByRole("heading", { name: /sma_crossover/ }).click();
        await page.keyboard.press("Home");
        await waitBars(1);
        await page.keyboard.press(" ");
        await page.getByText(/Playing · WebSocket/).waitFor();
        await page.waitForTimeout(1500);
        await page.keyboard.press(" ");
        await page.getByText(/Paused · WebSocket/).waitFor();
        // The playhead figures are drawn once per animation frame.
        await page.evaluate(() => {
          const raf = (globalThis as unknown as { requestAnimationFrame(f: () => void): number })
            .requestAnimationFrame.bind(globalThis);
          return new Promise<void>((r) => raf(() => raf(() => r())));
        });
        const paused = await bars();
        assert.ok(paused > 1 && paused < n, `paused at ${paused}`);
        // Paused mid-play: the chart still holds the playing interval (a canvas caught mid-frame
        // would not match the figures beside it).
        await shot(page, "playback.png");
        await page.waitForTimeout(400);
        assert.equal(await bars(), paused);
      },
    );

    await t.step(
      "with the WebSocket blocked, playback falls back to SSE and still ends right",
      async () => {
        const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
        const p2 = await ctx.newPage();
        await p2.routeWebSocket(/\/ws$/, (ws) => ws.close());
        await p2.goto(`${srv.url}/ui/runs/${demo.run_id}`);
        await p2.getByText(/Paused · SSE/).waitFor({ timeout: 30_000 });
        await p2.getByRole("combobox", { name: "Speed" }).selectOption("3600");
        await p2.getByRole("button", { name: "Play" }).click();
        await p2.getByText(/Ended · SSE/).waitFor({ timeout: 120_000 });
        const eq = await p2.locator('dl[aria-label="At the playhead"] dt:text-is("Equity") + dd')
          .innerText();
        assert.equal(eq, formatUsd(metrics.final_equity));
        await ctx.close();
      },
    );

    await t.step("two runs compare: equity overlaid and metrics side by side", async () => {
      await page.goto(srv.url + "/ui/runs");
      for (const id of [demo.run_id, made.run_id]) {
        await page.getByRole("checkbox", { name: `Compare run ${id}` }).check();
      }
      await page.getByRole("button", { name: "Compare" }).click();
      await page.waitForURL(/\/ui\/compare\?ids=/);
      const table = page.getByRole("table", { name: "Metrics side by side" });
      for (const id of [demo.run_id, made.run_id]) {
        await table.getByRole("link", { name: id }).waitFor();
      }
      await page.getByRole("img", {
        name: new RegExp(`Equity curves of 2 runs overlaid: ${demo.run_id} \\d+ days`),
      })
        .waitFor({ timeout: 30_000 });
      const finalRow = table.getByRole("row").filter({ hasText: "Final equity" });
      assert.match(
        await finalRow.innerText(),
        new RegExp(formatUsd(metrics.final_equity).replace("$", "\\$")),
      );
      await page.reload();
      await table.getByRole("link", { name: made.run_id }).waitFor();
      await shot(page, "compare.png");
    });

    assert.deepEqual(errors, []);
  } finally {
    await ui.close();
  }
});

Deno.test({
  name: "off loopback the page loads without a token and reads the API with the one in its link",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const token = "ui-test-token-0123456789";
  const ui = await startUiSession({
    prefix: "hewston-ui-token-",
    serveArgs: ["--no-demo", "--host", "0.0.0.0"],
    env: { HEWSTON_TOKEN: token },
  });
  const { srv, browser } = ui;
  try {
    const url = srv.url.replace("0.0.0.0", "127.0.0.1");
    const { page, errors } = await openPage(browser);
    // Without the token the shell loads and says what the API answered.
    await page.goto(url + "/ui/runs");
    await page.getByRole("heading", { name: "Runs" }).waitFor();
    await page.getByRole("alert").getByText(/bearer token/).waitFor();
    // With it (in the fragment, which never reaches the server) the API answers.
    const fresh = await openPage(browser);
    await fresh.page.goto(`${url}/ui/runs#token=${token}`);
    await fresh.page.getByText("0 in the catalog").waitFor();
    await fresh.page.getByRole("region", { name: "Datasets" }).getByText("none yet").waitFor();
    assert.equal(await fresh.page.getByRole("alert").count(), 0);
    assert.equal(new URL(fresh.page.url()).hash, "", "the token leaves the address bar");
    assert.deepEqual([...errors, ...fresh.errors], []);
  } finally {
    await ui.close();
  }
  assert.ok(!srv.output().includes(token), "the token never reaches the log");
});
