/**
 * @module
 * The New run page's view model: the catalogs the pickers offer (READY datasets, strategies
 * with their parameter schemas, risk models, presets), the draft being edited, the API's
 * field errors, and the submitted run's live stages. Actions load, prefill (from a run's
 * config or a preset), save presets and submit; the page only renders and calls them.
 */
import { computed, signal } from "@preact/signals";
import { type ApiClient, ApiError } from "../api/client.ts";
import type {
  DatasetSummary,
  Preset,
  RunEventData,
  StrategyCatalog,
  StrategyInfo,
} from "../api/types.ts";
import {
  bodyOfDraft,
  defaultDraft,
  draftOfConfig,
  type DraftSchemas,
  fieldErrorsOf,
  fieldsOfSchema,
  type FieldSpec,
  inputsOf,
  type RunDraft,
} from "./run_form.ts";

/** Where a submitted run is. */
export type SubmitPhase =
  | { kind: "idle" }
  | { kind: "submitting" }
  | { kind: "running"; runId: string; stage: string; done?: number; total?: number }
  | { kind: "failed"; runId?: string; message: string };

/** Signals of the New run page. */
export function createNewRunState() {
  const datasets = signal<DatasetSummary[]>([]);
  const catalog = signal<StrategyCatalog | null>(null);
  const presets = signal<Preset[]>([]);
  const draft = signal<RunDraft | null>(null);
  /** API messages by form field key (`""`: not about one field). */
  const fieldErrors = signal<Record<string, string>>({});
  /** The last error of the page as a whole (load, submit, preset). */
  const error = signal<string | null>(null);
  /** What the page says after a preset action. */
  const notice = signal<string | null>(null);
  /** Where the form came from (`run …` or `preset …`), shown in the heading. */
  const source = signal<string | null>(null);
  const phase = signal<SubmitPhase>({ kind: "idle" });
  const strategy = computed<StrategyInfo | undefined>(() =>
    catalog.value?.items.find((s) => s.id === draft.value?.strategy_id)
  );
  const paramFields = computed<FieldSpec[]>(() =>
    strategy.value ? fieldsOfSchema(strategy.value.params) : []
  );
  const riskFields = computed<FieldSpec[]>(() => {
    const m = catalog.value?.risk_models.find((r) => r.model === draft.value?.risk_model);
    return m ? fieldsOfSchema(m.params) : [];
  });
  return {
    datasets,
    catalog,
    presets,
    draft,
    fieldErrors,
    error,
    notice,
    source,
    phase,
    strategy,
    paramFields,
    riskFields,
  };
}

/** The New run page's state. */
export type NewRunState = ReturnType<typeof createNewRunState>;

/** The parameter fields of a strategy and a risk model in `catalog`. */
export function schemasOf(
  catalog: StrategyCatalog,
  strategyId: string,
  riskModel: string,
): DraftSchemas {
  const st = catalog.items.find((s) => s.id === strategyId);
  const rm = catalog.risk_models.find((r) => r.model === riskModel);
  return {
    params: st ? fieldsOfSchema(st.params) : [],
    risk: rm ? fieldsOfSchema(rm.params) : [],
  };
}

/** The message of a thrown value. */
const messageOf = (err: unknown) => (err as Error).message ?? String(err);

/**
 * Loads the catalogs, then fills the form: from run `fromRun`'s config when given, else with
 * the first READY dataset (DEMO first) and the first strategy's defaults.
 */
export async function loadNewRun(
  s: NewRunState,
  api: ApiClient,
  fromRun?: string,
): Promise<void> {
  try {
    const [ds, cat, pr, run] = await Promise.all([
      api.listDatasets(),
      api.listStrategies(),
      api.listPresets(),
      fromRun ? api.getRun(fromRun) : Promise.resolve(null),
    ]);
    s.datasets.value = ds.items.filter((d) => d.status === "READY");
    s.catalog.value = cat;
    s.presets.value = pr.items;
    if (run) {
      s.draft.value = draftOfConfig(run.config, (a, b) => schemasOf(cat, a, b));
      s.source.value = `run ${run.run_id}`;
    } else {
      const ready = s.datasets.value;
      const dataset = ready.find((d) => d.symbol === "DEMO") ?? ready[0];
      const st = cat.items.find((x) => x.id === "sma_crossover") ?? cat.items[0];
      const sch = schemasOf(cat, st?.id ?? "", "fixed_fraction");
      s.draft.value = defaultDraft(
        dataset?.dataset_id ?? "",
        st?.id ?? "",
        inputsOf(sch.params, st?.defaults),
        inputsOf(sch.risk),
      );
    }
    s.error.value = null;
  } catch (err) {
    s.error.value = messageOf(err);
  }
}

/** Changes the draft; an edited field's API message goes (it may no longer apply). */
export function edit(s: NewRunState, change: Partial<RunDraft>, fieldKey?: string): void {
  if (!s.draft.value) return;
  s.draft.value = { ...s.draft.value, ...change };
  if (fieldKey && s.fieldErrors.value[fieldKey]) {
    const { [fieldKey]: _gone, ...rest } = s.fieldErrors.value;
    s.fieldErrors.value = rest;
  }
}

/** Picks a strategy: its parameters start from its defaults. */
export function pickStrategy(s: NewRunState, strategyId: string): void {
  const cat = s.catalog.value;
  const st = cat?.items.find((x) => x.id === strategyId);
  if (!cat || !st) return;
  edit(s, { strategy_id: strategyId, params: inputsOf(fieldsOfSchema(st.params), st.defaults) });
  s.fieldErrors.value = {};
}

/** Picks a risk model: its parameters start from its defaults. */
export function pickRiskModel(s: NewRunState, model: string): void {
  const cat = s.catalog.value;
  const rm = cat?.risk_models.find((r) => r.model === model);
  if (!cat || !rm) return;
  edit(s, { risk_model: model, risk_params: inputsOf(fieldsOfSchema(rm.params)) }, "risk");
}

/** The body the form would post now. */
export function currentBody(s: NewRunState): Record<string, unknown> | null {
  const d = s.draft.value;
  const cat = s.catalog.value;
  if (!d || !cat) return null;
  return bodyOfDraft(d, schemasOf(cat, d.strategy_id, d.risk_model));
}

function showApiError(s: NewRunState, err: unknown): void {
  s.error.value = messageOf(err);
  s.fieldErrors.value = err instanceof ApiError ? fieldErrorsOf(err.issues) : {};
}

/** Fills the form from a preset's config. */
export function loadPreset(s: NewRunState, presetId: string): void {
  const p = s.presets.value.find((x) => x.preset_id === presetId);
  const cat = s.catalog.value;
  if (!p || !cat) return;
  s.draft.value = draftOfConfig(p.config, (a, b) => schemasOf(cat, a, b));
  s.source.value = `preset ${p.name}`;
  s.fieldErrors.value = {};
  s.error.value = null;
  s.notice.value = `Loaded preset ${p.name}.`;
}

/** Saves the form as preset `name` (the API's rules: same name and config is the same preset). */
export async function savePreset(s: NewRunState, api: ApiClient, name: string): Promise<void> {
  const body = currentBody(s);
  if (!body) return;
  s.notice.value = null;
  try {
    const p = await api.savePreset(name.trim(), body);
    const list = await api.listPresets();
    s.presets.value = list.items;
    s.fieldErrors.value = {};
    s.error.value = null;
    s.notice.value = `Saved preset ${p.name}.`;
  } catch (err) {
    showApiError(s, err);
    // A name taken by another config: the message belongs beside the name.
    if (err instanceof ApiError && err.status === 409) {
      s.fieldErrors.value = { ...s.fieldErrors.value, name: err.message };
    }
  }
}

/** How the page follows a run's events (EventSource in the browser). */
export type OpenEvents = (runId: string, onEvent: (e: RunEventData) => void) => () => void;

/**
 * Submits the form. EXISTS (the same config ran before) goes straight to that run; a new
 * run's stages show live until it is DONE, then its page opens. Refusals put the API's
 * messages beside their fields.
 * @returns the function that stops following the run
 */
export async function submit(
  s: NewRunState,
  api: ApiClient,
  open: OpenEvents,
  goToRun: (runId: string) => void,
): Promise<() => void> {
  const body = currentBody(s);
  if (!body) return () => {};
  s.phase.value = { kind: "submitting" };
  s.error.value = null;
  s.notice.value = null;
  s.fieldErrors.value = {};
  let res: { run_id: string; status: string };
  try {
    res = await api.submitRun(body);
  } catch (err) {
    showApiError(s, err);
    s.phase.value = { kind: "idle" };
    return () => {};
  }
  if (res.status === "EXISTS") {
    s.phase.value = { kind: "idle" };
    goToRun(res.run_id);
    return () => {};
  }
  const runId = res.run_id;
  // Marks for the benchmark's breakdown (ui_bench --form): accepted, then DONE seen here.
  performance.mark("hewston:new-run:accepted");
  s.phase.value = { kind: "running", runId, stage: "queued" };
  const close = open(runId, (e) => {
    if (e.kind === "done") {
      performance.mark("hewston:new-run:done");
      s.phase.value = { kind: "idle" };
      goToRun(runId);
    } else if (e.kind === "error" || e.kind === "cancelled") {
      s.phase.value = {
        kind: "failed",
        runId,
        message: e.message ?? (e.kind === "cancelled" ? "the run was cancelled" : "the run failed"),
      };
    } else {
      s.phase.value = { kind: "running", runId, stage: e.stage, done: e.done, total: e.total };
    }
  });
  return close;
}
