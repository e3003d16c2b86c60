/**
 * Specs of the browser session helper: the real server answers and Chromium loads its UI,
 * and the temp data dir is gone after teardown, after a restart, and after a set-up that
 * failed.
 */
import assert from "node:assert/strict";
import { chromiumPath, openPage } from "../_browser.ts";
import { api, startUiSession } from "./ui_session.ts";

const skip = chromiumPath() === null;
if (skip) console.log("ui_session_test: skipped, no Chromium installed (apt-get install chromium)");

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** Temp entries whose name starts with `prefix`. */
function tempEntries(prefix: string): string[] {
  const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
  return [...Deno.readDirSync(tmp)].map((e) => e.name).filter((n) => n.startsWith(prefix));
}

Deno.test({
  name:
    "startUiSession() serves the UI to Chromium, restarts on the same data dir, and close() removes it",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  let prepared = "";
  const ui = await startUiSession({
    prefix: "hewston-ui-session-",
    serveArgs: ["--no-demo"],
    prepare: (dir) => Promise.resolve(void (prepared = dir)),
  });
  try {
    assert.equal(prepared, ui.dir);
    assert.match(ui.srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await api<{ items: unknown[] }>(ui.srv, "GET", "/backtests")).items.length, 0);
    const { page, errors } = await openPage(ui.browser);
    await page.goto(ui.srv.url + "/");
    await page.getByRole("heading", { name: "Runs" }).waitFor();
    const first = ui.srv.url;
    let between = false;
    await ui.restart(() => Promise.resolve(void (between = true)));
    assert.ok(between);
    assert.notEqual(ui.srv.url, first, "a new server on a new port");
    assert.ok(exists(`${ui.dir}/catalog.sqlite`), "the same data dir");
    assert.deepEqual(errors, []);
  } finally {
    await ui.close();
  }
  assert.equal(exists(ui.dir), false, `${ui.dir} is left behind`);
  await ui.close();
});

Deno.test({
  name: "startUiSession() removes its temp data dir when the server cannot start",
  ignore: skip,
  sanitizeOps: false,
  sanitizeResources: false,
}, async () => {
  const prefix = `hewston-ui-session-fail-${crypto.randomUUID().slice(0, 8)}-`;
  await assert.rejects(
    startUiSession({ prefix, serveArgs: ["--no-such-flag"] }),
    /server exited/,
  );
  assert.deepEqual(tempEntries(prefix), []);
});
