/**
 * @module
 * The layering rule as a test: every import of the product's modules (`src/`, `jobs/`, `ui/`,
 * `main.ts`; tests and `testing/` folders excepted) goes down the layers
 * domain ← engine ← (market, store) ← services ← (api, cli, jobs, ui), and there is no import
 * circle (none between folders, none inside one). Prints the upward arrows and circles it finds (`scripts/import_graph.ts`
 * prints the same on its own).
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import {
  crossesFolders,
  forbiddenEdges,
  formatReport,
  graphReport,
  importCircles,
  importSpecifiers,
  layerOf,
  productModules,
  stripComments,
} from "../scripts/import_graph.ts";
import { join } from "node:path";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

Deno.test("importSpecifiers() reads static, re-export, dynamic and worker-URL imports, not comments", () => {
  const text = [
    'import { a } from "./a.ts";',
    'import type {\n  B,\n  C,\n} from "../b.ts";',
    'export { d } from "./d.ts";',
    'export * from "./e.ts";',
    'import "./side_effect.ts";',
    'const m = await import("./lazy.ts");',
    'new Worker(new URL("../../jobs/w.ts", import.meta.url), { type: "module" });',
    '// import { no } from "./line_comment.ts";',
    '/** @example\n * import { no } from "./doc_example.ts";\n */',
    'const s = "// not a comment"; import { f } from "./f.ts";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(text).sort(), [
    "../../jobs/w.ts",
    "../b.ts",
    "./a.ts",
    "./d.ts",
    "./e.ts",
    "./f.ts",
    "./lazy.ts",
    "./side_effect.ts",
  ]);
});

Deno.test("layerOf() places each product folder in its layer", () => {
  assert.equal(layerOf("src/domain/bars.ts"), "domain");
  assert.equal(layerOf("src/engine/indicators/sma.ts"), "engine");
  assert.equal(layerOf("src/market/dbn/decoder.ts"), "market");
  assert.equal(layerOf("src/store/runs_sqlite.ts"), "store");
  assert.equal(layerOf("src/config.ts"), "config");
  assert.equal(layerOf("src/services/tasks.ts"), "services");
  assert.equal(layerOf("src/api/app.ts"), "api");
  assert.equal(layerOf("src/cli/program.ts"), "cli");
  assert.equal(layerOf("jobs/pool.ts"), "jobs");
  assert.equal(layerOf("ui/src/main.tsx"), "ui");
  assert.equal(layerOf("main.ts"), "main");
  assert.equal(layerOf("scripts/openapi.ts"), null);
});

Deno.test("forbiddenEdges() flags imports that go up or sideways out of the rule", () => {
  const edges = [
    { from: "src/engine/a.ts", to: "src/market/bars.ts" }, // engine → market: up
    { from: "src/store/b.ts", to: "src/engine/types.ts" }, // store → engine: the store writes bytes
    { from: "src/services/c.ts", to: "jobs/pool.ts" }, // services → jobs: through the port only
    { from: "ui/src/d.ts", to: "src/api/app.ts" }, // ui → api: ui sees domain only
    { from: "src/market/e.ts", to: "src/store/data_dir.ts" }, // allowed
    { from: "src/cli/f.ts", to: "jobs/pool.ts" }, // allowed: the CLI composes the pool
    { from: "ui/src/g.ts", to: "src/domain/bars.ts" }, // allowed
  ];
  assert.deepEqual(forbiddenEdges(edges), edges.slice(0, 4));
});

Deno.test("importCircles() finds every strongly connected group of modules", () => {
  const circles = importCircles([
    { from: "a/x.ts", to: "b/y.ts" },
    { from: "b/y.ts", to: "a/x.ts" },
    { from: "c/p.ts", to: "c/q.ts" },
    { from: "c/q.ts", to: "c/r.ts" },
    { from: "c/r.ts", to: "c/p.ts" },
    { from: "d/s.ts", to: "a/x.ts" }, // reaches a circle, is not in one
  ]);
  assert.deepEqual(circles, [["a/x.ts", "b/y.ts"], ["c/p.ts", "c/q.ts", "c/r.ts"]]);
  assert.equal(crossesFolders(circles[0]), true);
  assert.equal(crossesFolders(circles[1]), false);
});

Deno.test("the product's imports go down the layers, with no import circle at all", async () => {
  const report = await graphReport(ROOT);
  for (const line of formatReport(report)) console.log(line);
  assert.ok(report.modules > 100, `read only ${report.modules} modules`);
  assert.ok(report.edges > 400, `read only ${report.edges} imports`);
  assert.deepEqual(report.forbidden, [], "imports against the layers");
  assert.deepEqual(report.circles.filter(crossesFolders), [], "circles between folders");
  // The last circle inside a folder (the synthetic model and its day generator) is gone too.
  assert.deepEqual(report.circles, [], "import circles");
});

Deno.test("the worker URLs the product starts resolve to modules that exist", async () => {
  const missing: string[] = [];
  for (const from of await productModules(ROOT)) {
    const text = await Deno.readTextFile(join(ROOT, from));
    for (
      const m of text.matchAll(/new\s+URL\(\s*["'](\.[^"']+\.ts)["']\s*,\s*import\.meta\.url/g)
    ) {
      const target = join(ROOT, from, "..", m[1]);
      try {
        await Deno.stat(target);
      } catch {
        missing.push(`${from}: ${m[1]}`);
      }
    }
  }
  assert.deepEqual(missing, []);
});

Deno.test("src/config.ts is the only product module that reads the environment", async () => {
  const readers: string[] = [];
  for (const path of await productModules(ROOT)) {
    const code = stripComments(await Deno.readTextFile(join(ROOT, path)));
    if (/\bDeno\.env\b/.test(code)) readers.push(path);
  }
  assert.deepEqual(readers, ["src/config.ts"]);
});
