/**
 * A trader's journey through the browser UI's forms, in a real Chromium on the real
 * `hewston serve` (temp data dir, no DEMO): build a TEST dataset from the synthetic source
 * and watch it become READY; create a run through the New run form with a preset saved and
 * reloaded; a bad parameter shows the API's message beside its field; "Run again with
 * changes" prefills the form (unchanged, it lands on the same run); a dataset no run uses is
 * deleted, one in use is refused with the reason; and the CLI and the browser see the same
 * runs. The page is read as a user reads it: roles, labels and text. Screenshots go to a temp
 * folder (printed), or to `docs/screenshots/` with `HEWSTON_UPDATE_SCREENSHOTS=1`.
 */
import assert from "node:assert/strict";
import type { Locator, Page } from "playwright-core";
import { chromiumPath, openPage } from "./_browser.ts";
import { hewston } from "./_hewston.ts";
import { api, shot, startUiSession } from "./testing/ui_session.ts";
import { formatCount, formatNyWall, toNySec } from "../ui/src/format.ts";

const TEST_RANGE = { symbol: "TEST", from: "2024-01-02", to: "2024-02-29" };

/** The texts that describe a control (its hint and error), as a screen reader reads them. */
async function description(control: Locator): Promise<string> {
  const ids = (await control.getAttribute("aria-describedby")) ?? "";
  const page = control.page();
  const texts = [];
  for (const id of ids.split(/\s+/).filter(Boolean)) {
    texts.push(await page.locator(`[id="${id}"]`).innerText());
  }
  return texts.join(" ");
}

/** The run id of the page open now (`/ui/runs/{id}`). */
function runIdOf(page: Page): string {
  return new URL(page.url()).pathname.split("/").at(-1)!;
}

const skip = chromiumPath() === null;
if (skip) {
  console.log("ui_forms_e2e_test: skipped, no Chromium installed (apt-get install chromium)");
}

Deno.test({
  name: "a trader builds data, runs, saves presets and runs again from the browser alone",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async (t) => {
  const ui = await startUiSession({
    prefix: "hewston-ui-forms-",
    serveArgs: ["--no-demo", "--workers", "2"],
  });
  const { dir, browser } = ui;
  let srv = ui.srv;
  try {
    const { page, errors } = await openPage(browser);
    let datasetId = "";

    const datasets = page.getByRole("table", { name: "Datasets" });
    const buildForm = page.getByRole("form", { name: "Build a dataset" });
    /** Builds a synthetic TEST range in the browser; the stages seen on its row on the way. */
    const buildInBrowser = async (from: string, to: string) => {
      await buildForm.getByRole("textbox", { name: "Symbol" }).fill("TEST");
      await buildForm.getByLabel("From").fill(from);
      await buildForm.getByLabel("To", { exact: true }).fill(to);
      await buildForm.getByRole("combobox", { name: "Source" }).selectOption({
        label: "Synthetic",
      });
      await buildForm.getByRole("spinbutton", { name: "Seed" }).fill("42");
      await buildForm.getByRole("button", { name: "Build dataset" }).click();
      const row = datasets.getByRole("row").filter({ hasText: `${from} → ${to}` });
      const seen = new Set<string>();
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const text = await row.first().innerText({ timeout: 1000 }).catch(() => "");
        const m = text.match(/\b(BUILDING|READY|ERROR)\b(?:\s+(\w+)(?: ([\d,]+) \/ ([\d,]+))?)?/);
        if (m) seen.add(m[1] === "BUILDING" ? `BUILDING ${m[2] ?? ""}${m[4] ? " n/N" : ""}` : m[1]);
        if (m?.[1] === "READY" || m?.[1] === "ERROR") break;
        await page.waitForTimeout(25);
      }
      return { row, seen: [...seen] };
    };

    await t.step("a TEST dataset is built from the synthetic source in the browser", async () => {
      await page.goto(srv.url + "/ui/datasets");
      await page.getByRole("heading", { name: "Datasets" }).waitFor();
      await datasets.getByText("No datasets yet: build one above.").waitFor();
      // The server has no Databento key: the browser says so and offers no way to send one.
      const databento = buildForm.getByRole("combobox", { name: "Source" }).locator(
        "option[value=databento]",
      );
      assert.equal(await databento.innerText(), "Databento (no key on the server)");
      assert.equal(await databento.isDisabled(), true);
      const { row, seen } = await buildInBrowser(TEST_RANGE.from, TEST_RANGE.to);
      assert.equal(seen.at(-1), "READY", seen.join(", "));
      assert.ok(
        seen.some((x) => x.startsWith("BUILDING ") && x.endsWith("n/N")),
        `no live progress seen: ${seen.join(", ")}`,
      );
      const text = await row.innerText();
      const list = await api<{ items: { dataset_id: string; bar_count: number }[] }>(
        srv,
        "GET",
        "/datasets?symbol=TEST",
      );
      datasetId = list.items[0].dataset_id;
      assert.match(text, new RegExp(`TEST\\s+${TEST_RANGE.from} → ${TEST_RANGE.to}\\s+READY`));
      assert.match(text, new RegExp(list.items[0].bar_count.toLocaleString("en-US")));
      assert.match(text, /MiB|KiB/);
      assert.match(text, /synthetic/);
      await buildForm.getByText(`TEST ${TEST_RANGE.from} → ${TEST_RANGE.to} is READY.`).waitFor();
      // A build started elsewhere (another client of the API) shows up live, no reload.
      await api(srv, "POST", "/datasets", {
        symbol: "TEST",
        from: "2024-03-04",
        to: "2024-03-08",
        source: { kind: "synthetic", seed: 42 },
      });
      await datasets.getByRole("row").filter({ hasText: "2024-03-04 → 2024-03-08" })
        .getByText("READY").waitFor({ timeout: 60_000 });
    });

    await t.step("a dataset's candles preview on a New York time axis", async () => {
      await datasets.getByRole("link", {
        name: `Preview TEST ${TEST_RANGE.from} → ${TEST_RANGE.to}`,
      }).click();
      await page.waitForURL(`**/ui/datasets/${datasetId}`);
      const chart = page.getByRole("img", { name: /^Candles of TEST/ });
      await chart.waitFor();
      // The whole range, as fine as 800 candles allow (30 minutes for two months), each
      // day's grid from its 09:30 ET open.
      const candles = await api<{ time: number[]; days: number; bars: number; interval: string }>(
        srv,
        "GET",
        `/datasets/${datasetId}/bars?max_candles=800`,
      );
      assert.equal(candles.interval, "30m");
      const ny = (sec: number) => formatNyWall(toNySec(sec));
      assert.equal(ny(candles.time[0]), "2024-01-02 09:30");
      await page.getByRole("img", {
        name: `Candles of TEST: ${candles.time.length} 30-minute candles of ${
          formatCount(candles.bars)
        } bars over ${candles.days} trading days, 2024-01-02 09:30 ET to ${
          ny(candles.time.at(-1)!)
        } ET`,
      }).waitFor();
      await page.getByRole("button", { name: "Last day" }).click();
      await page.getByRole("img", {
        name:
          /^Candles of TEST: 390 1-minute candles of 390 bars over 1 trading days, 2024-02-29 09:30 ET to 2024-02-29 15:59 ET$/,
      }).waitFor();
      await page.getByRole("button", { name: "Last week" }).click();
      await page.getByRole("img", { name: /^Candles of TEST: \d+ 5-minute candles/ }).waitFor();
      await shot(page, "datasets.png");
      // A deep link survives a reload.
      await page.reload();
      await page.getByRole("img", { name: /^Candles of TEST: \d+ 30-minute candles/ }).waitFor();
    });

    const form = page.getByRole("form", { name: "New run" });
    const fast = form.getByRole("spinbutton", { name: "fast", exact: true });
    const slow = form.getByRole("spinbutton", { name: "slow", exact: true });
    const runButton = form.getByRole("button", { name: "Run backtest" });

    await t.step("a bad parameter shows the API's message beside its field", async () => {
      await page.goto(srv.url + "/ui/new-run");
      await page.getByRole("heading", { name: "New run" }).waitFor();
      const dataset = form.getByRole("combobox", { name: "Dataset" });
      await dataset.selectOption({ label: `TEST ${TEST_RANGE.from} → ${TEST_RANGE.to}` });
      assert.equal(await dataset.inputValue(), datasetId);
      // The parameter form comes from the strategy's JSON Schema: defaults and bounds shown.
      assert.equal(await fast.inputValue(), "20");
      assert.equal(await slow.inputValue(), "50");
      assert.match(await description(fast), /integer ≥ 1 · default 20/);
      assert.equal(await fast.getAttribute("step"), "1");
      // From the keyboard alone: Tab between fields, Enter submits.
      await form.getByRole("combobox", { name: "Strategy" }).focus();
      await page.keyboard.press("Tab");
      assert.equal(await fast.evaluate((el) => el === el.ownerDocument.activeElement), true);
      await page.keyboard.press("Control+A");
      await page.keyboard.type("0");
      await page.keyboard.press("Enter");
      await form.getByText("must be an integer ≥ 1 (got 0)", { exact: true }).waitFor();
      assert.equal(await fast.getAttribute("aria-invalid"), "true");
      assert.match(await description(fast), /must be an integer ≥ 1 \(got 0\)/);
      assert.equal(await slow.getAttribute("aria-invalid"), null);
      // A rule across parameters is shown by the parameters it concerns.
      await fast.fill("60");
      assert.equal(await fast.getAttribute("aria-invalid"), null, "editing clears the message");
      await runButton.click();
      const params = form.getByRole("group", { name: "Parameters" });
      await params.getByText("fast (60) must be less than slow (50)").waitFor();
      // A cost too, from the API's own field path.
      await fast.fill("10");
      const fees = form.getByRole("spinbutton", { name: "Fees" });
      await fees.fill("-2");
      await runButton.click();
      await form.getByText("Too small: expected number to be >=0", { exact: true }).waitFor();
      assert.match(await description(fees), /expected number to be >=0/);
      await shot(page, "new-run-error.png");
      const list = await api<{ total: number }>(srv, "GET", "/backtests");
      assert.equal(list.total, 0, "no run was created by the refused forms");
    });

    let presetRun = "";
    await t.step("a preset is saved, reloaded, and runs through the form to its page", async () => {
      await page.goto(srv.url + "/ui/new-run");
      await form.getByRole("combobox", { name: "Dataset" }).selectOption(datasetId);
      await fast.fill("7");
      await slow.fill("21");
      await form.getByRole("spinbutton", { name: "Fees" }).fill("1");
      await form.getByRole("combobox", { name: "Slippage" }).selectOption({
        label: "k × quoted spread",
      });
      await form.getByRole("spinbutton", { name: "k", exact: true }).fill("0.5");
      await form.getByRole("checkbox", { name: "Permutation test" }).check();
      const perm = form.getByRole("group", { name: "Permutation test" });
      await perm.getByRole("spinbutton", { name: "trials" }).fill("50");
      await form.getByRole("textbox", { name: "Preset name" }).fill("fast 7, slow 21");
      await form.getByRole("button", { name: "Save preset" }).click();
      await form.getByText("Saved preset fast 7, slow 21.").waitFor();
      // Saving the same again is the same preset (idempotent, as the API is).
      await form.getByRole("button", { name: "Save preset" }).click();
      const presets = await api<{ items: { name: string; config: Record<string, unknown> }[] }>(
        srv,
        "GET",
        "/presets",
      );
      assert.equal(presets.items.length, 1);
      assert.deepEqual(presets.items[0].config.params, { fast: 7, slow: 21, allow_short: false });
      // The name taken by another config: the API's refusal sits by the name.
      await slow.fill("22");
      await form.getByRole("button", { name: "Save preset" }).click();
      const name = form.getByRole("textbox", { name: "Preset name" });
      await page.waitForFunction(() =>
        (globalThis as unknown as { document: { getElementById(id: string): unknown } }).document
          .getElementById("preset-name-error") !== null
      );
      assert.match(await description(name), /fast 7, slow 21/);

      // A fresh page: the preset comes back from the server.
      await page.reload();
      await fast.waitFor();
      assert.equal(await fast.inputValue(), "20");
      await form.getByRole("combobox", { name: "Preset", exact: true }).selectOption({
        label: "fast 7, slow 21",
      });
      await form.getByRole("button", { name: "Load preset" }).click();
      assert.equal(await fast.inputValue(), "7");
      assert.equal(await slow.inputValue(), "21");
      assert.equal(await form.getByRole("spinbutton", { name: "Fees" }).inputValue(), "1");
      assert.equal(
        await form.getByRole("group", { name: "Permutation test" })
          .getByRole("spinbutton", { name: "trials" }).inputValue(),
        "50",
      );
      await shot(page, "new-run.png");

      // Submit: the stages show live, then the run's page opens.
      const stages = new Set<string>();
      const status = form.locator(".run-progress");
      await runButton.click();
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline && !/\/ui\/runs\/[0-9a-f]{16}$/.test(page.url())) {
        const text = await status.innerText({ timeout: 500 }).catch(() => "");
        const m = text.match(/^Run [0-9a-f]{16}: (\w+)/);
        if (m) stages.add(m[1]);
        await page.waitForTimeout(30);
      }
      presetRun = runIdOf(page);
      assert.match(presetRun, /^[0-9a-f]{16}$/);
      assert.ok(stages.size >= 1, "no live stage seen");
      await page.getByRole("heading", { name: /sma_crossover fast=7 slow=21.*TEST/ }).waitFor();
      const run = await api<{ status: string; config: Record<string, Record<string, unknown>> }>(
        srv,
        "GET",
        `/backtests/${presetRun}`,
      );
      assert.equal(run.status, "DONE");
      assert.equal(run.config.dataset_id as unknown, datasetId);
      assert.deepEqual(run.config.execution.slippage, { model: "k_spread", k: 0.5 });
      assert.equal(run.config.execution.fees_bps, 1);
      assert.deepEqual(run.config.validation, { permutation: { trials: 50 } });
    });

    let changedRun = "";
    await t.step("run again with changes prefills the form from the run's config", async () => {
      await page.getByRole("link", { name: "Run again with changes" }).click();
      await page.waitForURL(`**/ui/new-run?from=${presetRun}`);
      await page.getByText(`from run ${presetRun}`).waitFor();
      assert.equal(await fast.inputValue(), "7");
      assert.equal(await slow.inputValue(), "21");
      assert.equal(await form.getByRole("spinbutton", { name: "Fees" }).inputValue(), "1");
      assert.equal(
        await form.getByRole("spinbutton", { name: "k", exact: true }).inputValue(),
        "0.5",
      );
      assert.equal(await form.getByRole("spinbutton", { name: "Seed" }).inputValue(), "42");
      assert.ok(await form.getByRole("checkbox", { name: "Permutation test" }).isChecked());
      // Unchanged, it is the same run: EXISTS goes straight to it.
      await runButton.click();
      await page.waitForURL(`**/ui/runs/${presetRun}`);
      await page.getByRole("heading", { name: /sma_crossover fast=7 slow=21/ }).waitFor();
      // Changed, it is a new run.
      await page.getByRole("link", { name: "Run again with changes" }).click();
      await slow.waitFor();
      await slow.fill("30");
      await runButton.click();
      await page.waitForURL((u) => /\/ui\/runs\/[0-9a-f]{16}$/.test(u.pathname), {
        timeout: 120_000,
      });
      changedRun = runIdOf(page);
      assert.notEqual(changedRun, presetRun);
      await page.getByRole("heading", { name: /sma_crossover fast=7 slow=30.*TEST/ }).waitFor();
      // Back returns to the prefilled form.
      await page.goBack();
      await page.waitForURL(`**/ui/new-run?from=${presetRun}`);
      await fast.waitFor();
    });

    await t.step("the CLI and the browser see the same runs", async () => {
      // A served data dir takes writes only through the server: stop it, run the CLI, restart.
      let cliRun = "";
      srv = await ui.restart(async () => {
        const cli = await hewston([
          "backtest",
          "--symbol",
          TEST_RANGE.symbol,
          "--from",
          TEST_RANGE.from,
          "--to",
          TEST_RANGE.to,
          "--strategy",
          "sma_crossover",
          "--param",
          "fast=3",
          "--param",
          "slow=12",
          "--json",
        ], { dataDir: dir });
        assert.equal(cli.code, 0, cli.stderr);
        cliRun = JSON.parse(cli.stdout).run_id as string;
        assert.match(cliRun, /^[0-9a-f]{16}$/);
        const runs = await hewston(["runs", "--json"], { dataDir: dir });
        assert.equal(runs.code, 0, runs.stderr);
        const cliIds = (JSON.parse(runs.stdout).items as { run_id: string }[]).map((r) => r.run_id);
        for (const id of [presetRun, changedRun, cliRun]) assert.ok(cliIds.includes(id), id);
      });
      await page.goto(srv.url + "/ui/runs");
      const table = page.getByRole("table", { name: "Runs" });
      for (const id of [presetRun, changedRun, cliRun]) {
        await table.getByRole("link", { name: id }).waitFor();
      }
      const row = table.getByRole("row").filter({ hasText: cliRun });
      assert.match(await row.innerText(), /DONE[\s\S]*sma_crossover[\s\S]*fast=3 slow=12/);
    });

    await t.step(
      "a dataset runs use is kept with the reason; one no run uses is deleted",
      async () => {
        await page.goto(srv.url + "/ui/datasets");
        const used = datasets.getByRole("row").filter({ hasText: datasetId });
        await used.getByRole("button", { name: `Delete dataset ${datasetId}` }).click();
        const confirm = page.getByRole("alertdialog", { name: "Confirm delete" });
        await confirm.getByRole("button", { name: "Delete" }).click();
        const using = await api<{ total: number; items: { params: unknown }[] }>(
          srv,
          "GET",
          `/backtests?dataset_id=${datasetId}`,
        );
        // The form's two runs and the CLI's.
        assert.equal(using.total, 3, JSON.stringify(using.items.map((r) => r.params)));
        const refusal = page.getByRole("alert").getByText(
          `dataset ${datasetId} is used by 3 runs; delete them first (GET /backtests?dataset_id=${datasetId})`,
        );
        await refusal.waitFor();
        // It stays while the list reloads (the reload after the refused delete).
        await page.waitForTimeout(1500);
        assert.equal(await refusal.count(), 1);
        assert.match(await used.innerText(), /READY/);

        const spare = {
          row: datasets.getByRole("row").filter({ hasText: "2024-03-04 → 2024-03-08" }),
        };
        const list = await api<{ items: { dataset_id: string; from_date: string }[] }>(
          srv,
          "GET",
          "/datasets?symbol=TEST",
        );
        const spareId = list.items.find((d) => d.from_date === "2024-03-04")!.dataset_id;
        await spare.row.getByRole("button", { name: `Delete dataset ${spareId}` }).click();
        await confirm.getByRole("button", { name: "Delete" }).click();
        await spare.row.waitFor({ state: "detached" });
        await buildForm.getByText(`Deleted dataset ${spareId}.`).waitFor();
        const gone = await fetch(`${srv.url}/datasets/${spareId}`);
        assert.equal(gone.status, 404);
        await gone.body?.cancel();
        await datasets.getByRole("row").filter({ hasText: datasetId }).waitFor();
      },
    );

    assert.deepEqual(errors, []);
  } finally {
    await ui.close();
  }
});
