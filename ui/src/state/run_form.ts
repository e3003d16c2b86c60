/**
 * @module
 * The New run form as data, apart from any component: the draft the inputs edit (text as
 * typed), the fields a JSON Schema from `/strategies` asks for, the POST /backtests body a
 * draft makes, the draft a run's config (or a preset) makes, and the API's field errors keyed
 * by the form's field keys (`params.fast`, `risk.params.fraction`, …).
 *
 * A config posts back unchanged: risk, costs and parameters are normalised by the server (so
 * their defaults may be filled), while the validation block is kept as it was written (a run's
 * id covers it as given), keys the user did not touch included.
 */
import { DEFAULT_INITIAL_CASH, DEFAULT_SEED } from "../../../src/domain/defaults.ts";

/** A value of an input: text as typed, or a checkbox's state. */
export type InputValue = string | boolean;

/** The form's state: what the inputs show. */
export interface RunDraft {
  dataset_id: string;
  strategy_id: string;
  params: Record<string, InputValue>;
  risk_model: string;
  risk_params: Record<string, InputValue>;
  fill_price: string;
  fees_bps: string;
  borrow_bps: string;
  slippage_model: string;
  slippage: Record<string, InputValue>;
  auto_flatten: boolean;
  allow_short: boolean;
  initial_cash: string;
  seed: string;
  /** Each test's block as written (`null`: off); the form edits its known keys in place. */
  validation: Record<string, Record<string, unknown> | null>;
}

/** One field a JSON Schema (or the form's own tables) asks for. */
export interface FieldSpec {
  name: string;
  type: "integer" | "number" | "boolean" | "string";
  /** Allowed values of a string field. */
  options?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  /** Whether the field may be left empty (then the server's default applies). */
  optional?: boolean;
  /** Short text beside the label. */
  hint?: string;
}

/** A strategy or risk model as `/strategies` lists it. */
export interface SchemaEntry {
  params: { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  defaults?: Record<string, unknown>;
}

/** The largest integer JSON carries exactly: a bound this wide says "no limit". */
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

/**
 * The fields of a parameters JSON Schema, in its order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const f = fieldsOfSchema({ properties: { fast: { type: "integer", minimum: 1, default: 20 } } });
 * assert.deepEqual(f, [{ name: "fast", type: "integer", minimum: 1, default: 20, optional: true }]);
 * ```
 */
export function fieldsOfSchema(schema: SchemaEntry["params"]): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const enumValues = Array.isArray(p.enum) ? p.enum.map(String) : undefined;
    const type = p.type === "integer" || p.type === "number" || p.type === "boolean"
      ? p.type
      : "string";
    const spec: FieldSpec = { name, type };
    if (enumValues) spec.options = enumValues;
    for (const k of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
      const v = p[k];
      if (typeof v === "number" && Math.abs(v) < UNBOUNDED) spec[k] = v;
    }
    if ("default" in p) spec.default = p.default;
    spec.optional = !required.has(name);
    return spec;
  });
}

const fmt = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 6 });

/**
 * The bounds of a numeric field in a few characters: `integer ≥ 1`, `number in (0, 10]`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(boundsText({ name: "f", type: "integer", minimum: 1 }), "integer ≥ 1");
 * assert.equal(boundsText({ name: "f", type: "number", exclusiveMinimum: 0, maximum: 10 }), "number in (0, 10]");
 * assert.equal(boundsText({ name: "f", type: "integer", minimum: 2, maximum: 1000000 }), "integer in [2, 1,000,000]");
 * ```
 */
export function boundsText(f: FieldSpec): string {
  if (f.type !== "integer" && f.type !== "number") return "";
  const lo = f.exclusiveMinimum ?? f.minimum;
  const hi = f.exclusiveMaximum ?? f.maximum;
  const loEx = f.exclusiveMinimum !== undefined;
  const hiEx = f.exclusiveMaximum !== undefined;
  if (lo !== undefined && hi !== undefined) {
    return `${f.type} in ${loEx ? "(" : "["}${fmt(lo)}, ${fmt(hi)}${hiEx ? ")" : "]"}`;
  }
  if (lo !== undefined) return `${f.type} ${loEx ? ">" : "≥"} ${fmt(lo)}`;
  if (hi !== undefined) return `${f.type} ${hiEx ? "<" : "≤"} ${fmt(hi)}`;
  return f.type;
}

/** An input's value for a JSON value (`""` for none). */
export function inputOf(f: FieldSpec, v: unknown): InputValue {
  if (f.type === "boolean") return v === true;
  if (v === undefined || v === null) return "";
  return String(v);
}

/**
 * The JSON value of an input; `undefined` when left empty. Text that is no number is sent as
 * typed, so the server says what is wrong with it beside the field.
 */
export function valueOf(f: FieldSpec, v: InputValue | undefined): unknown {
  if (f.type === "boolean") return v === true;
  if (v === undefined || v === "" || v === false) return undefined;
  const text = String(v).trim();
  if (f.type === "integer" || f.type === "number") {
    const n = Number(text);
    return text !== "" && Number.isFinite(n) ? n : text;
  }
  return text;
}

/** Each parameter's input, from values given (defaults for the rest). */
export function inputsOf(
  fields: FieldSpec[],
  values: Record<string, unknown> = {},
): Record<string, InputValue> {
  return Object.fromEntries(
    fields.map((f) => [f.name, inputOf(f, f.name in values ? values[f.name] : f.default)]),
  );
}

/** The fields of each slippage model (`execution.slippage`). */
export const SLIPPAGE_MODELS: Record<string, FieldSpec[]> = {
  none: [],
  k_spread: [{
    name: "k",
    type: "number",
    minimum: 0,
    maximum: 100,
    default: 0.5,
    hint: "× spread",
  }],
  spread_pct: [{ name: "pct", type: "number", minimum: 0, maximum: 100, default: 0.01, hint: "%" }],
  participation_rate: [
    { name: "coefficient", type: "number", minimum: 0, maximum: 100, default: 0.1 },
    {
      name: "max_participation",
      type: "number",
      exclusiveMinimum: 0,
      maximum: 1,
      optional: true,
    },
  ],
};

/** What each slippage model means, in a few words. */
export const SLIPPAGE_TEXT: Record<string, string> = {
  none: "none",
  k_spread: "k × quoted spread",
  spread_pct: "percent of price",
  participation_rate: "participation rate (square root)",
};

const trials: FieldSpec = {
  name: "trials",
  type: "integer",
  minimum: 1,
  maximum: 100_000,
  default: 1000,
  optional: true,
};

/** The validation tests the form offers, with their fields (server defaults shown). */
export const VALIDATION_FIELDS: Record<string, { label: string; fields: FieldSpec[] }> = {
  permutation: {
    label: "Permutation test",
    fields: [
      trials,
      {
        name: "metric",
        type: "string",
        options: ["sharpe", "sortino", "total_return", "cagr"],
        default: "sharpe",
        optional: true,
      },
      { name: "within_day", type: "boolean", default: false, optional: true },
    ],
  },
  bootstrap: {
    label: "Block bootstrap",
    fields: [
      trials,
      {
        name: "block",
        type: "integer",
        minimum: 1,
        maximum: 10_000_000,
        optional: true,
        hint: "bars; empty: ⌈T^⅓⌉",
      },
      {
        name: "method",
        type: "string",
        options: ["stationary", "moving"],
        default: "stationary",
        optional: true,
      },
    ],
  },
  monte_carlo: {
    label: "Monte Carlo (slippage noise)",
    fields: [
      trials,
      {
        name: "slippage_noise_bps",
        type: "number",
        minimum: 0,
        maximum: 10_000,
        default: 1,
        optional: true,
      },
    ],
  },
  walk_forward: {
    label: "Walk-forward",
    fields: [
      { name: "folds", type: "integer", minimum: 1, maximum: 1000, default: 5, optional: true },
      {
        name: "train",
        type: "number",
        exclusiveMinimum: 0,
        default: 0.5,
        optional: true,
        hint: "fraction < 1, or bars",
      },
      { name: "anchored", type: "boolean", default: false, optional: true },
    ],
  },
};

/** A draft for a dataset and strategy with every default. */
export function defaultDraft(
  datasetId: string,
  strategyId: string,
  params: Record<string, InputValue>,
  riskParams: Record<string, InputValue>,
): RunDraft {
  return {
    dataset_id: datasetId,
    strategy_id: strategyId,
    params,
    risk_model: "fixed_fraction",
    risk_params: riskParams,
    fill_price: "open",
    fees_bps: "0",
    borrow_bps: "0",
    slippage_model: "none",
    slippage: {},
    auto_flatten: true,
    allow_short: false,
    initial_cash: String(DEFAULT_INITIAL_CASH),
    seed: String(DEFAULT_SEED),
    validation: { permutation: null, bootstrap: null, monte_carlo: null, walk_forward: null },
  };
}

/** What a draft needs of the strategy catalog to become a body. */
export interface DraftSchemas {
  params: FieldSpec[];
  risk: FieldSpec[];
}

const compact = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const valuesOf = (fields: FieldSpec[], inputs: Record<string, InputValue>) =>
  compact(Object.fromEntries(fields.map((f) => [f.name, valueOf(f, inputs[f.name])])));

/**
 * The POST /backtests (and preset) body of a draft, in Hewston's own shape. Shorts are one
 * switch: the strategy's `allow_short` parameter when it has one, else the execution's.
 */
export function bodyOfDraft(d: RunDraft, s: DraftSchemas): Record<string, unknown> {
  const params = valuesOf(s.params, d.params);
  const hasShortParam = s.params.some((f) => f.name === "allow_short");
  const slipFields = SLIPPAGE_MODELS[d.slippage_model] ?? [];
  const num = (v: string) => valueOf({ name: "", type: "number" }, v);
  const validation: Record<string, unknown> = {};
  for (const [test, block] of Object.entries(d.validation)) if (block) validation[test] = block;
  return compact({
    dataset_id: d.dataset_id,
    strategy_id: d.strategy_id,
    params,
    risk: { model: d.risk_model, params: valuesOf(s.risk, d.risk_params) },
    execution: compact({
      fill_price: d.fill_price,
      fees_bps: num(d.fees_bps),
      slippage: { model: d.slippage_model, ...valuesOf(slipFields, d.slippage) },
      borrow_bps: num(d.borrow_bps),
      auto_flatten: d.auto_flatten,
      allow_short: hasShortParam ? params.allow_short === true : d.allow_short,
    }),
    seed: valueOf({ name: "", type: "integer" }, d.seed),
    initial_cash: num(d.initial_cash),
    validation,
  });
}

const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? v as Record<string, unknown> : {};

/**
 * The draft of a run's config (`GET /backtests/{id}` → `config`) or of a preset's body:
 * both spellings of the strategy, a flat or nested risk block, the seed's `slippage_fees`.
 * @param schemasOf the fields of a strategy's and a risk model's parameters
 */
export function draftOfConfig(
  raw: Record<string, unknown>,
  schemasOf: (strategyId: string, riskModel: string) => DraftSchemas,
): RunDraft {
  const strategy = obj(raw.strategy);
  const strategyId = String(raw.strategy_id ?? strategy.id ?? strategy.name ?? "");
  const risk = obj(raw.risk);
  const riskModel = String(risk.model ?? "fixed_fraction");
  const riskValues = { ...risk, ...obj(risk.params) };
  const s = schemasOf(strategyId, riskModel);
  const exec = obj(raw.execution);
  const seedCosts = obj(raw.slippage_fees);
  let slippage = obj(exec.slippage);
  if (!slippage.model && seedCosts.k_spread !== undefined) {
    slippage = { model: "k_spread", k: seedCosts.k_spread };
  }
  const slipModel = String(slippage.model ?? "none");
  const text = (v: unknown, dflt: string) => v === undefined || v === null ? dflt : String(v);
  const params = { ...obj(strategy.params), ...obj(raw.params) };
  const validation: RunDraft["validation"] = {};
  const block = obj(raw.validation);
  for (const test of Object.keys(VALIDATION_FIELDS)) {
    const v = block[test];
    validation[test] = v === undefined || v === null || v === false
      ? null
      : v === true
      ? {}
      : { ...obj(v) };
  }
  return {
    dataset_id: String(raw.dataset_id ?? ""),
    strategy_id: strategyId,
    params: inputsOf(s.params, params),
    risk_model: riskModel,
    risk_params: inputsOf(s.risk, riskValues),
    fill_price: text(exec.fill_price, "open"),
    fees_bps: text(exec.fees_bps ?? exec.fee_bps ?? seedCosts.fees_bps, "0"),
    borrow_bps: text(exec.borrow_bps ?? exec.borrow_cost_bps, "0"),
    slippage_model: slipModel,
    slippage: inputsOf(SLIPPAGE_MODELS[slipModel] ?? [], slippage),
    auto_flatten: exec.auto_flatten !== false,
    allow_short: exec.allow_short === true,
    initial_cash: text(raw.initial_cash, String(DEFAULT_INITIAL_CASH)),
    seed: text(raw.seed, String(DEFAULT_SEED)),
    validation,
  };
}

/**
 * Sets one field of a validation test's block: a typed value, or removes the key when the
 * input is left empty (the server's default then applies and the block stays as written).
 */
export function setValidationField(
  block: Record<string, unknown>,
  f: FieldSpec,
  v: InputValue,
): Record<string, unknown> {
  const out = { ...block };
  const value = valueOf(f, v);
  if (value === undefined || (f.type === "boolean" && value === f.default && !(f.name in block))) {
    delete out[f.name];
  } else out[f.name] = value;
  return out;
}

/**
 * The form's field key of an API issue path (`body.risk.lookback` → `risk.params.lookback`),
 * so each message lands beside its input.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(fieldKeyOf("body.params.fast"), "params.fast");
 * assert.equal(fieldKeyOf("body.risk.lookback"), "risk.params.lookback");
 * assert.equal(fieldKeyOf("body.config.execution.fees_bps"), "execution.fees_bps");
 * assert.equal(fieldKeyOf("body.strategy.params.fast"), "params.fast");
 * assert.equal(fieldKeyOf("body"), "");
 * ```
 */
export function fieldKeyOf(path: string): string {
  let p = path.replace(/^body(\.config)?\.?/, "");
  p = p.replace(/^strategy\.params(\.|$)/, "params$1");
  if (p === "strategy_id" || p.startsWith("strategy.")) return "strategy_id";
  const risk = p.match(/^risk\.(?!params\.|model$)(.+)$/);
  if (risk) p = `risk.params.${risk[1]}`;
  if (p === "risk.model") p = "risk";
  if (p === "execution.fee_bps") return "execution.fees_bps";
  return p;
}

/** An API error's field messages by form field key (`""`: the form as a whole). */
export function fieldErrorsOf(
  issues: { path: string; message: string }[] | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues ?? []) {
    const key = fieldKeyOf(i.path);
    out[key] = out[key] ? `${out[key]}; ${i.message}` : i.message;
  }
  return out;
}
