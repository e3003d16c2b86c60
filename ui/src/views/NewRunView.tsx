/**
 * @module
 * The New run page (container): dataset and strategy pickers, the strategy's parameter form
 * generated from its JSON Schema, risk model, costs, validation tests and seed; presets
 * loaded and saved; submit → the run's live stages → its page (EXISTS goes straight there).
 * `?from=<run id>` prefills the form from that run's config ("Run again with changes").
 */
import { useEffect, useMemo } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { watchRunEvents } from "../api/run_events.ts";
import { fieldId, FormField } from "../components/FormField.tsx";
import { Link } from "../components/Link.tsx";
import { formatCount } from "../format.ts";
import { useServices } from "../state/context.ts";
import {
  createNewRunState,
  edit,
  loadNewRun,
  loadPreset,
  pickRiskModel,
  pickStrategy,
  savePreset,
  submit,
} from "../state/create_new_run_state.ts";
import {
  type FieldSpec,
  type InputValue,
  setValidationField,
  SLIPPAGE_MODELS,
  SLIPPAGE_TEXT,
  VALIDATION_FIELDS,
} from "../state/run_form.ts";
import { runPath } from "../state/router.ts";

/** Props of {@link NewRunView}. */
export interface NewRunViewProps {
  /** A run whose config fills the form. */
  fromRun?: string;
}

const num = (name: string, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  name,
  type: "number",
  minimum: 0,
  ...extra,
});

/** The page. */
export function NewRunView({ fromRun }: NewRunViewProps) {
  const { api, router } = useServices();
  const s = useMemo(() => createNewRunState(), [fromRun]);
  const presetPick = useSignal("");
  const presetName = useSignal("");
  useEffect(() => {
    void loadNewRun(s, api, fromRun);
  }, [fromRun]);
  const stop = useMemo(() => ({ fn: () => {} }), []);
  useEffect(() => () => stop.fn(), []);

  const d = s.draft.value;
  const cat = s.catalog.value;
  if (!d || !cat) {
    return (
      <section class="page">
        <h1>New run</h1>
        {s.error.value
          ? <p role="alert" class="error">{s.error.value}</p>
          : <p class="dim">Loading…</p>}
      </section>
    );
  }
  const errs = s.fieldErrors.value;
  const phase = s.phase.value;
  const busy = phase.kind === "submitting" || phase.kind === "running";
  const field = (
    key: string,
    spec: FieldSpec,
    value: InputValue,
    set: (v: InputValue) => void,
    label?: string,
  ) => (
    <FormField
      key={key}
      fieldKey={key}
      spec={spec}
      value={value}
      label={label}
      error={errs[key]}
      onInput={set}
    />
  );
  const select = (
    key: string,
    label: string,
    value: string,
    options: [string, string][],
    set: (v: string) => void,
  ) => (
    <div class={`ff${errs[key] ? " invalid" : ""}`}>
      <label for={fieldId(key)}>{label}</label>
      <select
        id={fieldId(key)}
        value={value}
        aria-invalid={errs[key] ? "true" : undefined}
        aria-describedby={errs[key] ? `${fieldId(key)}-error` : undefined}
        onChange={(e) => set(e.currentTarget.value)}
      >
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
      {errs[key]
        ? <span id={`${fieldId(key)}-error`} class="ff-error" role="alert">{errs[key]}</span>
        : null}
    </div>
  );
  const datasetOptions: [string, string][] = s.datasets.value.map((x) => [
    x.dataset_id,
    `${x.symbol} ${x.from_date} → ${x.to_date}`,
  ]);
  const picked = s.datasets.value.find((x) => x.dataset_id === d.dataset_id);
  if (!datasetOptions.some(([id]) => id === d.dataset_id)) {
    datasetOptions.unshift([d.dataset_id, d.dataset_id ? `${d.dataset_id} (not READY)` : "—"]);
  }
  const hasShortParam = s.paramFields.value.some((f) => f.name === "allow_short");
  const riskInfo = cat.risk_models.find((r) => r.model === d.risk_model);
  const goToRun = (id: string) => router.navigate(runPath(id));

  return (
    <section class="page" aria-labelledby="new-run-title">
      <header class="page-head">
        <h1 id="new-run-title">New run</h1>
        {s.source.value ? <span class="dim">from {s.source.value}</span> : null}
        <span class="spacer" />
        <Link href="/ui/datasets" onNavigate={(h) => router.navigate(h)}>
          Build a dataset
        </Link>
      </header>
      <form
        class="run-form"
        noValidate
        aria-label="New run"
        onSubmit={(e) => {
          e.preventDefault();
          if (busy) return;
          stop.fn();
          void submit(s, api, (id, fn) => watchRunEvents(api, id, fn), goToRun).then((close) =>
            stop.fn = close
          );
        }}
      >
        <fieldset class="panel">
          <legend>Data and strategy</legend>
          {select(
            "dataset_id",
            "Dataset",
            d.dataset_id,
            datasetOptions,
            (v) => edit(s, { dataset_id: v }, "dataset_id"),
          )}
          <p class="dim desc">
            {picked
              ? `${formatCount(picked.bar_count)} one-minute bars · ${picked.source_kind} · ${
                picked.session ?? "regular"
              } session`
              : "Not a READY dataset of this catalog: pick one, or build it on the Datasets page."}
          </p>
          {select(
            "strategy_id",
            "Strategy",
            d.strategy_id,
            cat.items.map((x) => [x.id, x.id]),
            (v) => pickStrategy(s, v),
          )}
          <p class="dim desc">{s.strategy.value?.description}</p>
          <fieldset class="params" aria-describedby={errs.params ? "params-error" : undefined}>
            <legend>Parameters</legend>
            {s.paramFields.value.map((f) =>
              field(
                `params.${f.name}`,
                f,
                d.params[f.name] ?? "",
                (v) => edit(s, { params: { ...d.params, [f.name]: v } }, `params.${f.name}`),
              )
            )}
            {errs.params
              ? <p id="params-error" class="ff-error" role="alert">{errs.params}</p>
              : null}
          </fieldset>
        </fieldset>

        <fieldset class="panel">
          <legend>Risk and costs</legend>
          {select(
            "risk",
            "Risk model",
            d.risk_model,
            cat.risk_models.map((r) => [r.model, r.model]),
            (v) => pickRiskModel(s, v),
          )}
          <p class="dim desc">{riskInfo?.description}</p>
          {s.riskFields.value.map((f) =>
            field(
              `risk.params.${f.name}`,
              f,
              d.risk_params[f.name] ?? "",
              (v) =>
                edit(
                  s,
                  { risk_params: { ...d.risk_params, [f.name]: v } },
                  `risk.params.${f.name}`,
                ),
            )
          )}
          {field(
            "execution.fill_price",
            { name: "fill_price", type: "string", options: ["open", "close", "vwap"] },
            d.fill_price,
            (v) => edit(s, { fill_price: String(v) }, "execution.fill_price"),
            "Fill at next bar's",
          )}
          {field(
            "execution.fees_bps",
            num("fees_bps", { maximum: 10_000, hint: "bps of notional" }),
            d.fees_bps,
            (v) => edit(s, { fees_bps: String(v) }, "execution.fees_bps"),
            "Fees",
          )}
          {select(
            "execution.slippage",
            "Slippage",
            d.slippage_model,
            Object.keys(SLIPPAGE_MODELS).map((m) => [m, SLIPPAGE_TEXT[m]]),
            (v) => edit(s, { slippage_model: v, slippage: {} }, "execution.slippage"),
          )}
          {(SLIPPAGE_MODELS[d.slippage_model] ?? []).map((f) =>
            field(
              `execution.slippage.${f.name}`,
              f,
              d.slippage[f.name] ?? "",
              (v) =>
                edit(
                  s,
                  { slippage: { ...d.slippage, [f.name]: v } },
                  `execution.slippage.${f.name}`,
                ),
            )
          )}
          {field(
            "execution.borrow_bps",
            num("borrow_bps", { maximum: 100_000, hint: "bps a year on shorts" }),
            d.borrow_bps,
            (v) => edit(s, { borrow_bps: String(v) }, "execution.borrow_bps"),
            "Borrow cost",
          )}
          {field(
            "execution.auto_flatten",
            { name: "auto_flatten", type: "boolean" },
            d.auto_flatten,
            (v) => edit(s, { auto_flatten: v === true }, "execution.auto_flatten"),
            "Close the position at the last bar",
          )}
          {hasShortParam ? null : field(
            "execution.allow_short",
            { name: "allow_short", type: "boolean" },
            d.allow_short,
            (v) => edit(s, { allow_short: v === true }, "execution.allow_short"),
            "Allow shorts",
          )}
          {field(
            "initial_cash",
            num("initial_cash", { exclusiveMinimum: 0, minimum: undefined, hint: "USD" }),
            d.initial_cash,
            (v) => edit(s, { initial_cash: String(v) }, "initial_cash"),
            "Initial cash",
          )}
          {field(
            "seed",
            { name: "seed", type: "integer", minimum: 0, maximum: 2 ** 32 - 1 },
            d.seed,
            (v) => edit(s, { seed: String(v) }, "seed"),
            "Seed",
          )}
        </fieldset>

        <fieldset class="panel">
          <legend>Validation</legend>
          {Object.entries(VALIDATION_FIELDS).map(([test, { label, fields }]) => {
            const block = d.validation[test];
            const key = `validation.${test}`;
            return (
              <fieldset key={test} class={block ? "vtest" : "vtest off"}>
                <legend>
                  <label>
                    <input
                      type="checkbox"
                      checked={block !== null}
                      onChange={(e) =>
                        edit(s, {
                          validation: {
                            ...d.validation,
                            [test]: e.currentTarget.checked ? {} : null,
                          },
                        }, key)}
                    />{" "}
                    {label}
                  </label>
                </legend>
                {block
                  ? fields.map((f) =>
                    field(
                      `${key}.${f.name}`,
                      f,
                      f.type === "boolean"
                        ? block[f.name] === true
                        : block[f.name] === undefined || block[f.name] === null
                        ? ""
                        : String(block[f.name]),
                      (v) =>
                        edit(s, {
                          validation: {
                            ...d.validation,
                            [test]: setValidationField(block, f, v),
                          },
                        }, `${key}.${f.name}`),
                    )
                  )
                  : null}
                {errs[key] ? <p class="ff-error" role="alert">{errs[key]}</p> : null}
              </fieldset>
            );
          })}
          {errs.validation ? <p class="ff-error" role="alert">{errs.validation}</p> : null}
        </fieldset>

        <fieldset class="panel">
          <legend>Presets</legend>
          <div class="ff">
            <label for="preset-pick">Preset</label>
            <select
              id="preset-pick"
              value={presetPick.value}
              onChange={(e) => (presetPick.value = e.currentTarget.value)}
            >
              <option value="">{s.presets.value.length ? "choose…" : "none saved yet"}</option>
              {s.presets.value.map((p) => (
                <option key={p.preset_id} value={p.preset_id}>{p.name}</option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={!presetPick.value}
            onClick={() => loadPreset(s, presetPick.value)}
          >
            Load preset
          </button>
          <div class={`ff${errs.name ? " invalid" : ""}`}>
            <label for="preset-name">Preset name</label>
            <input
              id="preset-name"
              type="text"
              maxLength={100}
              value={presetName.value}
              aria-invalid={errs.name ? "true" : undefined}
              aria-describedby={errs.name ? "preset-name-error" : undefined}
              onInput={(e) => (presetName.value = e.currentTarget.value)}
              onKeyDown={(e) => {
                // Enter saves the preset here, it does not submit the run.
                if (e.key === "Enter") {
                  e.preventDefault();
                  if (presetName.value.trim()) void savePreset(s, api, presetName.value);
                }
              }}
            />
            {errs.name
              ? <span id="preset-name-error" class="ff-error" role="alert">{errs.name}</span>
              : null}
          </div>
          <button
            type="button"
            disabled={!presetName.value.trim()}
            onClick={() => void savePreset(s, api, presetName.value)}
          >
            Save preset
          </button>
          <p role="status" class="dim">{s.notice.value ?? ""}</p>
        </fieldset>

        <div class="submit-bar">
          <button type="submit" class="primary" disabled={busy}>Run backtest</button>
          {phase.kind === "idle"
            ? (
              <span class="dim">
                {d.strategy_id}{" "}
                {s.paramFields.value.map((f) => `${f.name}=${d.params[f.name]}`).join(" ")} on{" "}
                {picked ? `${picked.symbol} ${picked.from_date} → ${picked.to_date}` : d.dataset_id}
              </span>
            )
            : null}
          <RunProgress phase={phase} onOpen={goToRun} />
          {s.error.value ? <p role="alert" class="error">{s.error.value}</p> : null}
        </div>
      </form>
    </section>
  );
}

/** The submitted run's stage, live. */
function RunProgress(
  { phase, onOpen }: {
    phase: ReturnType<typeof createNewRunState>["phase"]["value"];
    onOpen: (id: string) => void;
  },
) {
  const text = phase.kind === "submitting"
    ? "Submitting…"
    : phase.kind === "running"
    ? `Run ${phase.runId}: ${phase.stage}${
      phase.total ? ` ${formatCount(phase.done ?? 0)} / ${formatCount(phase.total)}` : ""
    }`
    : phase.kind === "failed"
    ? `Run ${phase.runId ?? ""} did not finish: ${phase.message}`
    : "";
  return (
    <span class="run-progress" role="status" aria-live="polite">
      {text}
      {phase.kind === "running" && phase.total
        ? <progress max={phase.total} value={phase.done ?? 0} aria-label="Stage progress" />
        : null}
      {phase.kind === "failed" && phase.runId
        ? (
          <button type="button" class="small" onClick={() => onOpen(phase.runId!)}>
            Open run
          </button>
        )
        : null}
    </span>
  );
}
