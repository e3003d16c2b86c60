/**
 * @module
 * Guards against a web page the user happens to visit, which can send requests to a server
 * on loopback (CSRF) or, by rebinding its own DNS name to 127.0.0.1, read its answers:
 *
 * - **Host**: the `Host` header must name this server: an IP literal (a rebinding page's
 *   requests carry its own DNS name, never an IP), `localhost`, the `--host` name, or a name
 *   in `deps.allowedHosts`. Otherwise 421 MISDIRECTED_REQUEST.
 * - **Origin** on writes and WebSocket upgrades: when the browser sends `Origin`, it must be
 *   allowed by CORS (the served origin, local dev servers, `--cors-origin`); otherwise 403
 *   ORIGIN_DENIED.
 * - **Content-Type** on POST/PUT/PATCH: `application/json` (or `+json`), also for POSTs
 *   without a body (cancel): an HTML form or a no-cors `fetch` can send only `text/plain`,
 *   form types or no type at all, so it cannot pass. Otherwise 415 UNSUPPORTED_MEDIA_TYPE.
 *   DELETE needs no type: a browser preflights it, and the preflight is refused for foreign
 *   origins.
 *
 * The served UI (same origin) passes all three.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppDeps, AppEnv } from "../deps.ts";
import { originAllowed } from "./cors.ts";

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const TYPED_WRITES = new Set(["POST", "PUT", "PATCH"]);
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The hostname of a `Host` header value, lower-cased, brackets kept for IPv6. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.indexOf(":");
  return colon < 0 ? h : h.slice(0, colon);
}

/**
 * Whether a `Host` header names this server.
 * @param host the header value (`name[:port]`)
 * @param names allowed DNS names besides `localhost`, lower case
 */
export function hostAllowed(host: string, names: readonly string[]): boolean {
  const name = hostName(host).replace(/\.$/, "");
  if (name === "localhost" || IPV4.test(name) || /^\[[0-9a-f:.]+\]$/.test(name)) return true;
  return names.includes(name);
}

/** Host, Origin and Content-Type checks (see the module doc). */
export function requestGuard(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const names = (deps.allowedHosts ?? []).map((n) => hostName(n).replace(/\.$/, ""));
  const extraOrigins = deps.corsOrigins ?? [];
  return async function requestGuard(c, next) {
    // Deno.serve builds the URL from the Host header; the URL also covers in-process requests.
    const host = c.req.header("Host") ?? new URL(c.req.url).host;
    if (!hostAllowed(host, names)) {
      return deny(
        c,
        421,
        "MISDIRECTED_REQUEST",
        `this server does not answer for host ${
          JSON.stringify(host.slice(0, 100))
        }; add it with --allowed-host`,
      );
    }
    const method = c.req.method;
    const upgrade = c.req.header("Upgrade")?.toLowerCase() === "websocket";
    const origin = c.req.header("Origin");
    if (origin !== undefined && (!READS.has(method) || upgrade)) {
      if (!originAllowed(origin, new URL(c.req.url).origin, extraOrigins)) {
        return deny(
          c,
          403,
          "ORIGIN_DENIED",
          `origin ${JSON.stringify(origin.slice(0, 100))} may not ${
            upgrade ? "open a socket" : "write"
          } here; add it with --cors-origin`,
        );
      }
    }
    if (TYPED_WRITES.has(method)) {
      const type = (c.req.header("Content-Type") ?? "").split(";")[0].trim();
      if (!JSON_TYPE.test(type)) {
        return deny(
          c,
          415,
          "UNSUPPORTED_MEDIA_TYPE",
          `send the body as Content-Type: application/json, not ${type.slice(0, 100) || '""'}`,
        );
      }
    }
    await next();
  };
}

function deny(c: Context<AppEnv>, status: 403 | 415 | 421, code: string, message: string) {
  return c.json({ error: { code, message } }, status);
}
