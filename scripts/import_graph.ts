/**
 * @module
 * Hewston's import graph and its layering rule: reads every import of the product's modules
 * (static `import`/`export … from`, dynamic `import("…")`, and worker paths written as
 * `new URL("….ts", import.meta.url)`), and reports the edges that run against the layers and
 * the import circles. `tests/architecture_test.ts` fails on them; run this file to print them:
 *
 * ```sh
 * scripts/deno run -R scripts/import_graph.ts [repository root]
 * ```
 *
 * The layers, lowest first: domain ← engine ← (market, store) ← services ← (api, cli, jobs,
 * ui). A module may import its own layer and the layers its row below allows. Tests
 * (`*_test.ts`) and test support (`testing/` folders) are not product code and are not read.
 */
import { dirname, join, normalize } from "node:path";

/** A layer of the product. */
export type Layer =
  | "domain"
  | "engine"
  | "market"
  | "store"
  | "config"
  | "services"
  | "api"
  | "cli"
  | "jobs"
  | "ui"
  | "main";

/**
 * What each layer may import besides itself. `config` (`src/config.ts`, the one reader of
 * the environment) sits above the store and below services; `main` (`main.ts`) is the entry.
 */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  domain: [],
  engine: ["domain"],
  market: ["domain", "engine", "store"],
  store: ["domain"],
  config: ["domain"],
  services: ["domain", "engine", "market", "store", "config"],
  api: ["domain", "engine", "market", "store", "config", "services"],
  jobs: ["domain", "engine", "market", "store", "config", "services"],
  cli: ["domain", "engine", "market", "store", "config", "services", "api", "jobs"],
  ui: ["domain"],
  main: ["domain", "engine", "market", "store", "config", "services", "api", "jobs", "cli"],
};

/** One import: the importing module and the imported one, repository-relative. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Folders (and files) read, relative to the repository root. */
export const PRODUCT_ROOTS = ["src", "jobs", "ui", "main.ts"] as const;

/** The layer of a repository-relative module path, or null outside the product. */
export function layerOf(path: string): Layer | null {
  const p = path.replaceAll("\\", "/");
  if (p === "main.ts") return "main";
  if (p === "src/config.ts" || p.startsWith("src/config/")) return "config";
  if (p === "src/version.ts") return "domain";
  const m = /^src\/(domain|engine|market|store|services|api|cli)\//.exec(p);
  if (m) return m[1] as Layer;
  if (p.startsWith("jobs/")) return "jobs";
  if (p.startsWith("ui/")) return "ui";
  return null;
}

/** Whether `path` is a test or test support (not product code). */
export function isTestModule(path: string): boolean {
  const p = "/" + path.replaceAll("\\", "/");
  return /_test\.tsx?$/.test(p) || p.includes("/testing/");
}

const SPECIFIERS = [
  // import x from "…"; import type { X } from "…"; export { x } from "…"; export * from "…"
  /\b(?:import|export)\b[^"'`;]*?\bfrom\s*["']([^"']+)["']/g,
  // import "…" (side effects)
  /\bimport\s*["']([^"']+)["']/g,
  // import("…")
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  // new URL("./worker.ts", import.meta.url): a worker's module
  /\bnew\s+URL\(\s*["']([^"']+\.tsx?)["']\s*,\s*import\.meta\.url\s*\)/g,
];

/**
 * The module specifiers a source text imports (comments removed first, so doc examples do
 * not count).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const text = 'import { a } from "./a.ts";\n// import "./no.ts"\nnew Worker(new URL("./w.ts", import.meta.url));';
 * assert.deepEqual(importSpecifiers(text), ["./a.ts", "./w.ts"]);
 * ```
 */
export function importSpecifiers(text: string): string[] {
  const code = stripComments(text);
  const out: string[] = [];
  for (const re of SPECIFIERS) {
    for (const m of code.matchAll(re)) out.push(m[1]);
  }
  return [...new Set(out)];
}

/** Removes block and line comments (not inside strings) from TypeScript source. */
export function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
      out += " ";
    } else if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The product's modules under `root` (repository-relative, sorted), tests excluded. */
export async function productModules(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(rel: string): Promise<void> {
    let info: Deno.FileInfo;
    try {
      info = await Deno.stat(join(root, rel));
    } catch {
      return; // an optional root (ui/) that does not exist yet
    }
    if (info.isFile) {
      if (/\.tsx?$/.test(rel) && !isTestModule(rel)) out.push(rel);
      return;
    }
    for await (const e of Deno.readDir(join(root, rel))) {
      if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
      await walk(join(rel, e.name));
    }
  }
  for (const r of PRODUCT_ROOTS) await walk(r);
  return out.sort();
}

/** Every relative import between product modules under `root`. */
export async function importEdges(root: string): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const from of await productModules(root)) {
    const text = await Deno.readTextFile(join(root, from));
    for (const spec of importSpecifiers(text)) {
      if (!spec.startsWith("./") && !spec.startsWith("../")) continue;
      edges.push({ from, to: normalize(join(dirname(from), spec.split("?")[0])) });
    }
  }
  return edges;
}

/** Edges from one layer to a layer it may not import ("upward arrows"). */
export function forbiddenEdges(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    return a !== null && b !== null && a !== b && !ALLOWED[a].includes(b);
  });
}

/**
 * Import circles: the strongly connected groups of modules (two or more modules, or one that
 * imports itself), each sorted, in order of their first module.
 */
export function importCircles(edges: readonly ImportEdge[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    adj.get(e.from)!.push(e.to);
    if (!adj.has(e.to)) adj.set(e.to, []);
  }
  // Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const circles: string[][] = [];
  let counter = 0;
  for (const start of [...adj.keys()].sort()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1];
      const [v, i] = top;
      if (i === 0) {
        index.set(v, counter);
        low.set(v, counter);
        counter++;
        stack.push(v);
        onStack.add(v);
      }
      const next = adj.get(v)!;
      if (i < next.length) {
        top[1]++;
        const w = next[i];
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        const group: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          group.push(w);
        } while (w !== v);
        if (group.length > 1 || adj.get(v)!.includes(v)) circles.push(group.sort());
      }
    }
  }
  return circles.sort((a, b) => a[0].localeCompare(b[0]));
}

/** Whether a circle's modules sit in more than one folder. */
export function crossesFolders(circle: readonly string[]): boolean {
  return new Set(circle.map((p) => dirname(p))).size > 1;
}

/** The graph's findings, as printed by this script and the architecture test. */
export interface GraphReport {
  modules: number;
  edges: number;
  forbidden: ImportEdge[];
  circles: string[][];
}

/** Reads the graph under `root` and finds forbidden edges and circles. */
export async function graphReport(root: string): Promise<GraphReport> {
  const edges = await importEdges(root);
  return {
    modules: (await productModules(root)).length,
    edges: edges.length,
    forbidden: forbiddenEdges(edges),
    circles: importCircles(edges),
  };
}

/** The distinct `from → to` layer pairs of forbidden edges. */
export function upwardArrows(forbidden: readonly ImportEdge[]): string[] {
  return [...new Set(forbidden.map((e) => `${layerOf(e.from)} → ${layerOf(e.to)}`))].sort();
}

/** Human-readable lines of a report. */
export function formatReport(r: GraphReport): string[] {
  const arrows = upwardArrows(r.forbidden);
  const lines = [
    `${r.modules} modules, ${r.edges} imports: ${arrows.length} upward arrows ` +
    `(${r.forbidden.length} imports${arrows.length ? ": " + arrows.join(", ") : ""}), ` +
    `${r.circles.length} circles (${r.circles.filter(crossesFolders).length} between folders)`,
  ];
  for (const e of r.forbidden) {
    lines.push(`  upward: ${e.from} (${layerOf(e.from)}) → ${e.to} (${layerOf(e.to)})`);
  }
  for (const c of r.circles) {
    lines.push(`  circle${crossesFolders(c) ? " between folders" : ""}: ${c.join(" ↔ ")}`);
  }
  return lines;
}

if (import.meta.main) {
  const root = Deno.args[0] ?? new URL("../", import.meta.url).pathname;
  for (const line of formatReport(await graphReport(root))) console.log(line);
}
