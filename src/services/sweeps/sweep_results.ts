/**
 * @module
 * What a finished sweep's artifacts answer: the members table (parameters + metrics per
 * member, from `sweep.parquet`), the heatmap of any metric over any two grid axes (with the
 * member behind each cell), and the PBO with its logits. Tables are read once per sweep and
 * kept (a few recent sweeps), so hovering and switching metrics cost no file reads.
 */
import { join } from "node:path";
import { HewstonError, ValidationError } from "../../domain/errors.ts";
import { sweepManifest } from "../../domain/manifests.ts";
import type { SweepRecord } from "../../domain/sweep_record.ts";
import { readManifestFile } from "../../store/artifact_folder.ts";
import type { DataDir } from "../../store/data_dir.ts";
import { readParquet } from "../../store/parquet.ts";
import type { ArtifactEntry } from "../../store/run_artifacts.ts";
import { sweepFolder } from "./execute_sweep.ts";

/** A sweep's members: parameter and metric columns, one value per member (member order). */
export interface MembersTable {
  /** Parameter names (grid axes first). */
  params: string[];
  /** Metric names. */
  metrics: string[];
  /** `columns[name][member]`: parameters by name, metrics by name. */
  param: Record<string, (number | boolean | string | null)[]>;
  metric: Record<string, (number | null)[]>;
  length: number;
}

/** One metric over two grid axes, with the member behind each cell. */
export interface HeatmapView {
  metric: string;
  reduce: "max" | "min";
  x: { param: string; values: (number | boolean | string)[] };
  y: { param: string; values: (number | boolean | string)[] } | null;
  /** `z[yi][xi]`: the metric; null where no member ran or the metric is undefined. */
  z: (number | null)[][];
  /** `member[yi][xi]`: the member index behind the cell (the best one over further axes). */
  member: (number | null)[][];
  /** Finite range of `z` (null when every cell is null). */
  min: number | null;
  max: number | null;
}

const CACHE_SIZE = 8;
const tables = new Map<string, Promise<MembersTable>>();

/**
 * Keeps the members table a sweep just wrote (its columns as `sweepArtifact` built them), so
 * the first heatmap after DONE reads no file: the page asks for it at once.
 * @param columns `sweep.parquet`'s columns: `member`, `param_<name>`…, then the metrics
 */
export function primeMembersTable(
  sweepId: string,
  manifestHash: string,
  columns: Record<string, (number | boolean | string | null)[]>,
): void {
  const t: MembersTable = { params: [], metrics: [], param: {}, metric: {}, length: 0 };
  for (const [name, col] of Object.entries(columns)) {
    if (name === "member") {
      t.length = col.length;
    } else if (name.startsWith("param_")) {
      const p = name.slice("param_".length);
      t.params.push(p);
      // As read back from Parquet: a text column keeps "" for a missing value.
      t.param[p] = col;
    } else {
      t.metrics.push(name);
      t.metric[name] = col.map((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
    }
  }
  remember(`${sweepId}:${manifestHash}`, Promise.resolve(t));
}

function remember(key: string, t: Promise<MembersTable>): void {
  tables.set(key, t);
  t.catch(() => tables.delete(key));
  while (tables.size > CACHE_SIZE) tables.delete(tables.keys().next().value!);
}

/**
 * The members table of a DONE sweep.
 * @throws {HewstonError} SWEEP_NOT_DONE (409) for a sweep without artifacts
 */
export function membersTable(dir: DataDir, s: SweepRecord): Promise<MembersTable> {
  requireDone(s);
  const key = `${s.sweepId}:${s.manifestHash}`;
  let t = tables.get(key);
  if (!t) {
    t = readTable(join(sweepFolder(dir, s.sweepId), "sweep.parquet"));
    remember(key, t);
  }
  return t;
}

/**
 * The heatmap of `metric` over axes `x` and `y` (grid axis names; default the first two).
 * Members that share a cell (grids of more than two axes) reduce to the best by `reduce`.
 * @throws {ValidationError} unknown metric or axis; SWEEP_NOT_DONE (409)
 */
export async function heatmapOf(
  dir: DataDir,
  s: SweepRecord,
  opts: { metric?: string; x?: string; y?: string; reduce?: "max" | "min" } = {},
): Promise<HeatmapView> {
  const t = await membersTable(dir, s);
  const metric = opts.metric ?? s.metric;
  const values = t.metric[metric];
  if (!values) {
    throw new ValidationError(`metric: "${metric}" is not one of ${t.metrics.join(", ")}`);
  }
  const axis = (name: string | undefined, fallback: number, what: string) => {
    if (name === undefined) return s.grid[fallback] ?? null;
    const a = s.grid.find((g) => g.name === name);
    if (!a) {
      throw new ValidationError(
        `${what}: "${name}" is not a grid axis (${s.grid.map((g) => g.name).join(", ")})`,
      );
    }
    return a;
  };
  const xAxis = axis(opts.x, 0, "x")!;
  const yAxis = axis(opts.y, 1, "y");
  if (yAxis && yAxis.name === xAxis.name) throw new ValidationError("y: must differ from x");
  const reduce = opts.reduce ?? "max";
  const ny = yAxis ? yAxis.values.length : 1;
  const nx = xAxis.values.length;
  const z = Array.from({ length: ny }, () => new Array<number | null>(nx).fill(null));
  const member = Array.from({ length: ny }, () => new Array<number | null>(nx).fill(null));
  const xi = indexer(xAxis.values);
  const yi = yAxis ? indexer(yAxis.values) : () => 0;
  const xs = t.param[xAxis.name];
  const ys = yAxis ? t.param[yAxis.name] : null;
  let min: number | null = null;
  let max: number | null = null;
  for (let m = 0; m < t.length; m++) {
    const i = xi(xs[m]);
    const j = ys ? yi(ys[m]) : 0;
    if (i < 0 || j < 0) continue;
    const v = values[m];
    if (member[j][i] === null) member[j][i] = m;
    if (v === null) continue;
    const cur = z[j][i];
    if (cur === null || (reduce === "max" ? v > cur : v < cur)) {
      z[j][i] = v;
      member[j][i] = m;
    }
    if (min === null || v < min) min = v;
    if (max === null || v > max) max = v;
  }
  return {
    metric,
    reduce,
    x: { param: xAxis.name, values: [...xAxis.values] },
    y: yAxis ? { param: yAxis.name, values: [...yAxis.values] } : null,
    z,
    member,
    min,
    max,
  };
}

/**
 * The sweep's `pbo.json` (the PBO summary and its logits; null for a sweep of one member).
 * @throws {HewstonError} SWEEP_NOT_DONE (409)
 */
export async function pboOf(dir: DataDir, s: SweepRecord): Promise<Record<string, unknown> | null> {
  requireDone(s);
  return JSON.parse(await Deno.readTextFile(join(sweepFolder(dir, s.sweepId), "pbo.json")));
}

/** The artifact files of a DONE sweep from its manifest (empty before). */
export async function sweepFiles(dir: DataDir, s: SweepRecord): Promise<ArtifactEntry[]> {
  if (s.status !== "DONE") return [];
  const folder = sweepFolder(dir, s.sweepId);
  const m = await readManifestFile(sweepManifest, join(folder, "manifest.json"));
  return m?.files ?? [];
}

function requireDone(s: SweepRecord): void {
  if (s.status !== "DONE") {
    throw new HewstonError(
      "SWEEP_NOT_DONE",
      `sweep ${s.sweepId} is ${s.status}; its results exist once it is DONE`,
      { status: 409 },
    );
  }
}

function indexer(values: readonly (number | boolean | string)[]) {
  const at = new Map<unknown, number>(values.map((v, i) => [v, i]));
  return (v: unknown) => at.get(v) ?? -1;
}

async function readTable(path: string): Promise<MembersTable> {
  const table = await readParquet(await Deno.readFile(path));
  const params: string[] = [];
  const metrics: string[] = [];
  const param: MembersTable["param"] = {};
  const metric: MembersTable["metric"] = {};
  for (const field of table.schema.fields) {
    const name = field.name;
    if (name === "member") continue;
    const col = [...table.getChild(name)!.toArray()] as unknown[];
    if (name.startsWith("param_")) {
      const p = name.slice("param_".length);
      params.push(p);
      param[p] = col.map((
        v,
      ) => (typeof v === "bigint" ? Number(v) : (v as number | boolean | string | null)));
    } else {
      metrics.push(name);
      metric[name] = col.map((v) => {
        const n = typeof v === "bigint" ? Number(v) : Number(v);
        return Number.isFinite(n) ? n : null;
      });
    }
  }
  return { params, metrics, param, metric, length: table.numRows };
}
