/**
 * @module
 * A real Chromium (Debian's package) driven by playwright-core, for the UI's end-to-end tests
 * and benchmark. `chromiumPath()` is null when no Chromium is installed; the tests then skip
 * with a notice (CI installs it in `.ci/run`).
 */
import { type Browser, chromium, type Page } from "playwright-core";

const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Path of the Chromium executable, or null. */
export function chromiumPath(): string | null {
  for (const p of CANDIDATES) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch { /* not there */ }
  }
  return null;
}

/** Launches headless Chromium (with extra command-line switches). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("Chromium is not installed");
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--force-device-scale-factor=1",
      ...extraArgs,
    ],
  });
}

/** A page of a fresh context with a desk-sized viewport; page errors fail the test. */
export async function openPage(
  browser: Browser,
  opts: { width?: number; height?: number } = {},
): Promise<{ page: Page; errors: string[] }> {
  const ctx = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    timezoneId: "Europe/Berlin",
  });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

/** Folder of the committed screenshots of each view. */
export const DOC_SCREENSHOTS = new URL("../docs/screenshots/", import.meta.url);

/**
 * Where a test run writes its screenshots: `docs/screenshots/` only when asked with
 * `HEWSTON_UPDATE_SCREENSHOTS=1` (a deliberate refresh of the docs), else a temp folder, so a
 * test run never changes the checkout. The folder is printed once, to look at them.
 */
export function screenshotsDir(): URL {
  if (Deno.env.get("HEWSTON_UPDATE_SCREENSHOTS") === "1") return DOC_SCREENSHOTS;
  shotsDir ??= new URL(`file://${Deno.makeTempDirSync({ prefix: "hewston-screenshots-" })}/`);
  return shotsDir;
}
let shotsDir: URL | undefined;
