/**
 * @module
 * The UI's routes as a signal over the browser location: `/` and `/ui/runs` (runs list),
 * `/ui/runs/{id}` (run detail, `?t=` the playhead), `/ui/compare?ids=a,b` (compare),
 * `/ui/new-run` (`?from=<run id>` prefills it), `/ui/datasets` and `/ui/datasets/{id}` (a
 * dataset's preview), `/ui/sweeps` (sweeps: launch and list), `/ui/sweeps/{id}?metric=&x=&y=`
 * (one sweep's heatmap of a metric over two axes).
 * `navigate()` pushes history; back/forward update the signal; every route is a real URL,
 * so a deep link survives a reload (the server answers `index.html` for all of them).
 */
import { signal } from "@preact/signals";
import type { ReadonlySignal } from "@preact/signals";

/** A parsed location. */
export type Route =
  | { view: "runs" }
  | { view: "run"; id: string }
  | { view: "compare"; ids: string[] }
  | { view: "new-run"; from?: string }
  | { view: "datasets"; id?: string }
  | { view: "sweeps" }
  | { view: "sweep"; id: string; metric?: string; x?: string; y?: string }
  | { view: "missing"; path: string };

/**
 * The route of a path and query string.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseRoute("/ui/runs/abc", ""), { view: "run", id: "abc" });
 * assert.deepEqual(parseRoute("/ui/compare", "?ids=a,b"), { view: "compare", ids: ["a", "b"] });
 * ```
 */
export function parseRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/" || path === "/ui" || path === "/ui/runs") return { view: "runs" };
  const run = path.match(/^\/ui\/runs\/([^/]+)$/);
  if (run) return { view: "run", id: decodeURIComponent(run[1]) };
  if (path === "/ui/new-run") {
    const from = new URLSearchParams(search).get("from");
    return from ? { view: "new-run", from } : { view: "new-run" };
  }
  if (path === "/ui/datasets") return { view: "datasets" };
  const ds = path.match(/^\/ui\/datasets\/([^/]+)$/);
  if (ds) return { view: "datasets", id: decodeURIComponent(ds[1]) };
  if (path === "/ui/sweeps") return { view: "sweeps" };
  const sweep = path.match(/^\/ui\/sweeps\/([^/]+)$/);
  if (sweep) {
    const q = new URLSearchParams(search);
    const opt = (k: string) => q.get(k) || undefined;
    return {
      view: "sweep",
      id: decodeURIComponent(sweep[1]),
      metric: opt("metric"),
      x: opt("x"),
      y: opt("y"),
    };
  }
  if (path === "/ui/compare") {
    const ids = (new URLSearchParams(search).get("ids") ?? "").split(",").filter(Boolean);
    return { view: "compare", ids };
  }
  return { view: "missing", path };
}

/** The path of a run detail page. */
export const runPath = (id: string) => `/ui/runs/${encodeURIComponent(id)}`;
/** The path of the New run page, prefilled from run `from` when given. */
export const newRunPath = (from?: string) =>
  from ? `/ui/new-run?from=${encodeURIComponent(from)}` : "/ui/new-run";
/** The path of the datasets page, with dataset `id`'s preview open when given. */
export const datasetsPath = (id?: string) =>
  id ? `/ui/datasets/${encodeURIComponent(id)}` : "/ui/datasets";
/** The path of a sweep's page, with its heatmap's metric and axes when chosen. */
export const sweepPath = (id: string, view: { metric?: string; x?: string; y?: string } = {}) => {
  const q = new URLSearchParams();
  for (const k of ["metric", "x", "y"] as const) if (view[k]) q.set(k, view[k]!);
  const s = q.toString();
  return `/ui/sweeps/${encodeURIComponent(id)}${s ? `?${s}` : ""}`;
};
/** The path of the compare page. */
export const comparePath = (ids: string[]) => `/ui/compare?ids=${ids.join(",")}`;

/** The router of one page. */
export interface Router {
  route: ReadonlySignal<Route>;
  navigate(path: string, opts?: { replace?: boolean }): void;
  dispose(): void;
}

/** A router bound to `window.location` and history. */
export function createRouter(win: {
  location: { pathname: string; search: string };
  history: {
    pushState(d: unknown, t: string, u: string): void;
    replaceState(d: unknown, t: string, u: string): void;
  };
  addEventListener(type: "popstate", fn: () => void): void;
  removeEventListener(type: "popstate", fn: () => void): void;
}): Router {
  const read = () => parseRoute(win.location.pathname, win.location.search);
  const route = signal<Route>(read());
  const onPop = () => (route.value = read());
  win.addEventListener("popstate", onPop);
  return {
    route,
    navigate(path, opts = {}) {
      if (opts.replace) win.history.replaceState(null, "", path);
      else win.history.pushState(null, "", path);
      route.value = read();
    },
    dispose: () => win.removeEventListener("popstate", onPop),
  };
}
