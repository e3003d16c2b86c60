/**
 * The Sweeps view in a real Chromium on the real `hewston serve` (temp data dir): a sweep made
 * by the CLI in the same data dir is listed; a 3 × 3 grid is launched from the strategy's
 * parameters with its member count shown first and a bad range named by its row; the heatmap
 * shows live after the run, answers hover and the keyboard, follows its metric in the URL
 * (back/forward, reload); a click on a cell lands on that member's run, the very run the API
 * gives for it. Screenshots of the views go to a temp folder (printed), or to
 * `docs/screenshots/` with `HEWSTON_UPDATE_SCREENSHOTS=1`.
 */
import assert from "node:assert/strict";
import { chromiumPath, openPage } from "./_browser.ts";
import { hewston } from "./_hewston.ts";
import { api, shot, startUiSession } from "./testing/ui_session.ts";

/** The page's globals, inside functions run in the page (no DOM types in Deno's check). */
// deno-lint-ignore no-explicit-any
type PageGlobal = { document: any; location: any };

const RANGE = ["--symbol", "TEST", "--from", "2024-03-04", "--to", "2024-03-15"];

const skip = chromiumPath() === null;
if (skip) {
  console.log("ui_sweeps_e2e_test: skipped, no Chromium installed (apt-get install chromium)");
}

Deno.test({
  name: "a user launches a 3 × 3 sweep in the browser, reads its heatmap and opens a member's run",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  let cliSweep = "";
  const ui = await startUiSession({
    prefix: "hewston-ui-sweeps-",
    serveArgs: ["--no-demo", "--workers", "2"],
    // A sweep made by the CLI first (it builds the TEST dataset the browser then offers).
    async prepare(dir) {
      const cli = await hewston(
        [
          "sweep",
          ...RANGE,
          "--strategy",
          "sma_crossover",
          "--grid",
          "fast=5,10",
          "--grid",
          "slow=30,60",
          "--json",
        ],
        { dataDir: dir },
      );
      assert.equal(cli.code, 0, cli.stderr);
      cliSweep = JSON.parse(cli.stdout).sweep_id as string;
    },
  });
  const { srv, browser } = ui;
  try {
    const { page, errors } = await openPage(browser);
    let sweepId = "";

    await t.step(
      "the Sweeps page lists the CLI's sweep and counts the form's members",
      async () => {
        await page.goto(srv.url + "/");
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sweeps" })
          .click();
        await page.waitForURL("**/ui/sweeps");
        await page.getByRole("heading", { name: "Sweeps" }).waitFor();
        const table = page.getByRole("table", { name: "Sweeps" });
        const row = table.getByRole("row").filter({ hasText: cliSweep });
        await row.waitFor();
        assert.match(
          await row.innerText(),
          /DONE[\s\S]*sma_crossover[\s\S]*fast 5–10 \(2\) × slow 30–60 \(2\)/,
        );
        const form = page.getByRole("form", { name: "Launch a sweep" });
        await form.getByRole("combobox", { name: "Dataset" }).locator("option", { hasText: "TEST" })
          .first().waitFor({ state: "attached" });
        const set = async (label: string, value: string) => {
          const box = form.getByRole("spinbutton", { name: label, exact: true });
          await box.fill(value);
        };
        // A range the strategy refuses entirely: the API's message shows by its row.
        await set("fast from", "0");
        await set("fast to", "0");
        const err = form.getByRole("row").filter({ hasText: "fast" }).getByRole("alert");
        await err.waitFor();
        assert.match(await err.innerText(), /fast/);
        assert.equal(await form.getByRole("button", { name: "Launch sweep" }).isDisabled(), true);
        await set("fast from", "5");
        await set("fast to", "15");
        await set("fast step", "5");
        await set("slow from", "20");
        await set("slow to", "40");
        await set("slow step", "10");
        await form.getByText("9 members of 9 combinations").waitFor();
        await shot(page, "sweeps.png");
        await form.getByRole("button", { name: "Launch sweep" }).click();
        await page.waitForURL(/\/ui\/sweeps\/sw-[0-9a-f]{16}$/);
        sweepId = page.url().split("/").at(-1)!;
      },
    );

    await t.step(
      "the sweep runs live and its heatmap appears with the PBO and the DSR",
      async () => {
        const heat = page.getByRole("application", {
          name: /^Heatmap of sharpe over fast and slow/,
        });
        await heat.waitFor({ timeout: 120_000 });
        const detail = await (await fetch(`${srv.url}/sweeps/${sweepId}`)).json();
        assert.equal(detail.status, "DONE");
        assert.equal(detail.members, 9);
        await page.getByRole("region", { name: "Overfitting" }).getByText(/^PBO \d/).waitFor();
        await page.getByRole("region", { name: "Overfitting" })
          .getByText(/best in-sample member ranked below the median/).waitFor();
        const best = page.getByRole("region", { name: "Best member" });
        await best.getByText(`over ${detail.dsr.trials} trials`).waitFor();
        assert.ok(detail.dsr.trials >= 13, `trials ${detail.dsr.trials}`); // 4 from the CLI + 9
        // Hover: the member's parameters and metrics beside the cell.
        const canvas = heat.locator("canvas");
        const box = (await canvas.boundingBox())!;
        await page.mouse.move(box.x + 64 + 5, box.y + box.height - 44 - 5);
        const tip = page.locator(".heatmap-tip");
        await tip.waitFor();
        assert.match(
          await tip.innerText(),
          /member\s+0[\s\S]*fast\s+5[\s\S]*slow\s+20[\s\S]*sharpe/,
        );
        // Keyboard: focus the grid, move, and the live region names the member under the cursor.
        await page.mouse.move(0, 0);
        await heat.focus();
        await page.keyboard.press("ArrowLeft");
        await page.keyboard.press("ArrowDown");
        const live = page.locator("#heatmap-focus");
        await page.waitForFunction(
          () =>
            /Member \d+: fast/.test(
              (globalThis as unknown as PageGlobal).document.querySelector("#heatmap-focus")
                ?.textContent ?? "",
            ),
        );
        assert.match(await live.innerText(), /Member \d+: fast \d+, slow \d+/);
        await shot(page, "sweep.png");
      },
    );

    await t.step("the metric is in the URL: back, forward and a reload keep it", async () => {
      await page.getByRole("combobox", { name: "Metric" }).selectOption("total_return");
      await page.waitForURL(/metric=total_return/);
      await page.getByRole("application", { name: /^Heatmap of total_return/ }).waitFor();
      await page.goBack();
      await page.getByRole("application", { name: /^Heatmap of sharpe/ }).waitFor();
      await page.goForward();
      await page.getByRole("application", { name: /^Heatmap of total_return/ }).waitFor();
      await page.reload();
      await page.getByRole("application", { name: /^Heatmap of total_return/ }).waitFor();
      assert.match(page.url(), new RegExp(`/ui/sweeps/${sweepId}\\?metric=total_return`));
    });

    await t.step("a click on a cell lands on that member's run, created on demand", async () => {
      const heat = page.getByRole("application", { name: /^Heatmap of/ });
      const box = (await heat.locator("canvas").boundingBox())!;
      const h = await (await fetch(`${srv.url}/sweeps/${sweepId}/heatmap`)).json();
      // The top-right cell: fast 15, slow 40.
      const cw = (box.width - 64 - 12) / 3;
      await page.mouse.click(box.x + 64 + 2.5 * cw, box.y + 8 + 0.5 * Math.min(36, cw));
      await page.waitForURL(/\/ui\/runs\/[0-9a-f]{16}$/);
      const runId = page.url().split("/").at(-1)!;
      const k = h.member[2][2];
      const again = await (await fetch(`${srv.url}/sweeps/${sweepId}/members/${k}/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      })).json();
      assert.equal(again.status, "EXISTS");
      assert.equal(again.run_id, runId);
      assert.deepEqual([again.params.fast, again.params.slow], [15, 40]);
      await page.getByRole("heading", { name: /sma_crossover/ }).waitFor({ timeout: 60_000 });
      await page.goBack();
      await page.getByRole("application", { name: /^Heatmap of total_return/ }).waitFor();
    });

    await t.step("a sweep is cancelled while it works, then deleted, from the list", async () => {
      // 3,000 members: long enough to be caught running.
      const big = await api<{ sweep_id: string }>(srv, "POST", "/sweeps", {
        run: {
          symbol: "TEST",
          from: "2024-03-04",
          to: "2024-03-15",
          strategy: { name: "sma_crossover", params: {} },
        },
        grid: { fast: "2:101:1", slow: "110:400:10" },
      });
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sweeps" })
        .click();
      const row = page.getByRole("table", { name: "Sweeps" }).getByRole("row").filter({
        hasText: big.sweep_id,
      });
      await row.getByRole("button", { name: `Cancel sweep ${big.sweep_id}` }).click({
        timeout: 15_000,
      });
      await row.getByText("CANCELLED").waitFor({ timeout: 30_000 });
      await row.getByRole("button", { name: `Delete sweep ${big.sweep_id}` }).click();
      const confirm = page.getByRole("alertdialog", { name: "Confirm delete" });
      await confirm.getByText(`Delete sweep ${big.sweep_id} and its artifacts?`).waitFor();
      await confirm.getByRole("button", { name: "Delete" }).click();
      await row.waitFor({ state: "detached" });
      const res = await fetch(`${srv.url}/sweeps/${big.sweep_id}`);
      assert.equal(res.status, 404);
      await res.body?.cancel();
    });

    assert.deepEqual(errors, []);
  } finally {
    await ui.close();
  }
});
