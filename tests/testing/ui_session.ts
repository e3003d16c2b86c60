/**
 * @module
 * One browser end-to-end session: a temp data dir, the real `hewston serve` on a random
 * 127.0.0.1 port over it, and headless Chromium with the standard switches. Its teardown
 * always closes the browser, stops the server and removes the temp dir, whatever failed
 * first (also when the set-up itself fails). Plus the calls each UI test makes: the JSON API
 * and a named screenshot.
 */
import type { Browser, Page } from "playwright-core";
import { launchChromium, screenshotsDir } from "../_browser.ts";
import { type Server, startServer } from "../_server.ts";

/** Options of {@link startUiSession}. */
export interface UiSessionOptions {
  /** Prefix of the temp data dir's name, e.g. `hewston-ui-forms-`. */
  prefix: string;
  /** Arguments after `serve --port 0`. @default [] */
  serveArgs?: string[];
  /** Environment of the server (beside `HEWSTON_DATA_DIR`). @default {} */
  env?: Record<string, string>;
  /** Runs on the empty data dir before the server starts (e.g. a CLI run filling it). */
  prepare?(dir: string): Promise<void>;
}

/** A running session; `await using` tears it down. */
export interface UiSession extends AsyncDisposable {
  /** The temp data dir. */
  readonly dir: string;
  /** The server now running (a new one after {@link UiSession.restart}). */
  readonly srv: Server;
  readonly browser: Browser;
  /** Stops the server, runs `between` on the idle data dir, starts it again. */
  restart(between?: () => Promise<void>): Promise<Server>;
  /** Closes the browser, stops the server, removes the data dir; later calls do nothing. */
  close(): Promise<void>;
}

/** Starts a session; a failing set-up leaves nothing behind. */
export async function startUiSession(opts: UiSessionOptions): Promise<UiSession> {
  const dir = await Deno.makeTempDir({ prefix: opts.prefix });
  const serve = () => startServer(dir, opts.serveArgs ?? [], opts.env ?? {});
  let srv: Server | undefined;
  let browser: Browser | undefined;
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      try {
        await browser?.close();
      } finally {
        try {
          await srv?.stop();
        } finally {
          await Deno.remove(dir, { recursive: true });
        }
      }
    })();
  try {
    await opts.prepare?.(dir);
    srv = await serve();
    browser = await launchChromium();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    dir,
    get srv() {
      return srv!;
    },
    browser,
    async restart(between) {
      await srv!.stop();
      await between?.();
      srv = await serve();
      return srv;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Calls the JSON API of `srv`; a non-2xx answer throws with its body. */
export async function api<T = Record<string, unknown>>(
  srv: Server,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(srv.url + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : ({} as T);
}

/** Saves a full-page screenshot as `name` in {@link screenshotsDir} and prints its path. */
export async function shot(page: Page, name: string): Promise<void> {
  const dir = screenshotsDir();
  await Deno.mkdir(dir, { recursive: true });
  const path = new URL(name, dir).pathname;
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
}
