/**
 * @module
 * The sweep launch form: dataset and strategy pickers, one row per strategy parameter (fixed,
 * or swept as from/to/step), fees, the heatmap metric, and the member count before launch.
 * API errors show by the row they concern. Presentational: signals in, callbacks out.
 */
import type { ReadonlySignal } from "@preact/signals";
import type { SweepPreview } from "../api/sweep_types.ts";
import type { DatasetSummary, StrategyInfo } from "../api/types.ts";
import { formatCount } from "../format.ts";
import { axisCount, type AxisInput, MAX_FORM_COMBINATIONS } from "../state/sweep_form.ts";

/** Props of {@link SweepLaunchForm}. */
export interface SweepLaunchFormProps {
  datasets: ReadonlySignal<DatasetSummary[]>;
  strategies: ReadonlySignal<StrategyInfo[]>;
  datasetId: ReadonlySignal<string>;
  strategyId: ReadonlySignal<string>;
  axes: ReadonlySignal<AxisInput[]>;
  feesBps: ReadonlySignal<string>;
  metric: ReadonlySignal<string>;
  metrics: readonly string[];
  count: ReadonlySignal<number | null>;
  preview: ReadonlySignal<SweepPreview | null>;
  fieldErrors: ReadonlySignal<Record<string, string>>;
  canLaunch: ReadonlySignal<boolean>;
  submitting: ReadonlySignal<boolean>;
  onDataset: (id: string) => void;
  onStrategy: (id: string) => void;
  onAxis: (name: string, patch: Partial<AxisInput>) => void;
  onFees: (v: string) => void;
  onMetric: (v: string) => void;
  onLaunch: () => void;
}

/** The member count line shown before launch. */
export function countText(count: number | null, preview: SweepPreview | null): string {
  if (count === null) return "Complete every range (from ≤ to, step > 0) to count the members.";
  if (count > MAX_FORM_COMBINATIONS) {
    return `${formatCount(count)} combinations: at most ${formatCount(MAX_FORM_COMBINATIONS)}.`;
  }
  if (!preview) return `${formatCount(count)} combinations`;
  const refused = preview.skipped
    ? ` (${formatCount(preview.skipped)} refused by the strategy, e.g. fast ≥ slow)`
    : "";
  return `${formatCount(preview.members)} member${preview.members === 1 ? "" : "s"} of ${
    formatCount(preview.combinations)
  } combinations${refused}`;
}

/** The form. */
export function SweepLaunchForm(p: SweepLaunchFormProps) {
  const errors = p.fieldErrors.value;
  const numeric = (a: AxisInput) => a.type === "integer" || a.type === "number";
  const input = (a: AxisInput, key: "value" | "from" | "to" | "step", label: string) => (
    <label class="field compact">
      <span>{label}</span>
      <input
        type="number"
        inputMode="decimal"
        step={a.type === "integer" && key !== "step" ? 1 : "any"}
        min={key === "step" ? 0 : a.min}
        value={a[key]}
        aria-label={`${a.name} ${label}`}
        aria-invalid={errors[a.name] ? "true" : undefined}
        aria-describedby={errors[a.name] ? `err-${a.name}` : undefined}
        onInput={(e) => p.onAxis(a.name, { [key]: e.currentTarget.value })}
      />
    </label>
  );
  return (
    <form
      class="panel sweep-form"
      aria-label="Launch a sweep"
      onSubmit={(e) => {
        e.preventDefault();
        if (p.canLaunch.value) p.onLaunch();
      }}
    >
      <div class="toolbar">
        <label class="field">
          <span>Dataset</span>
          <select value={p.datasetId.value} onChange={(e) => p.onDataset(e.currentTarget.value)}>
            {p.datasets.value.map((d) => (
              <option key={d.dataset_id} value={d.dataset_id}>
                {d.symbol} {d.from_date} → {d.to_date}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Strategy</span>
          <select value={p.strategyId.value} onChange={(e) => p.onStrategy(e.currentTarget.value)}>
            {p.strategies.value.map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
          </select>
        </label>
        <label class="field">
          <span>Fees (bps)</span>
          <input
            type="number"
            min={0}
            step="any"
            value={p.feesBps.value}
            onInput={(e) => p.onFees(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>Heatmap metric</span>
          <select value={p.metric.value} onChange={(e) => p.onMetric(e.currentTarget.value)}>
            {p.metrics.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
      </div>
      <table class="grid axes" aria-label="Parameters">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col">Sweep</th>
            <th scope="col">Values</th>
            <th scope="col" class="num">Count</th>
          </tr>
        </thead>
        <tbody>
          {p.axes.value.map((a) => {
            const n = axisCount(a);
            return (
              <tr key={a.name}>
                <th scope="row">
                  {a.name}{" "}
                  <span class="dim">{a.type}{a.min !== undefined ? ` ≥ ${a.min}` : ""}</span>
                </th>
                <td>
                  <input
                    type="checkbox"
                    checked={a.sweep}
                    aria-label={`Sweep ${a.name}`}
                    onChange={(e) => p.onAxis(a.name, { sweep: e.currentTarget.checked })}
                  />
                </td>
                <td>
                  <div class="axis-values">
                    {a.sweep
                      ? a.type === "boolean" ? <span class="dim">false and true</span> : (
                        <>
                          {input(a, "from", "from")}
                          {input(a, "to", "to")}
                          {input(a, "step", "step")}
                        </>
                      )
                      : a.type === "boolean"
                      ? (
                        <select
                          value={a.value}
                          aria-label={`${a.name} value`}
                          onChange={(e) => p.onAxis(a.name, { value: e.currentTarget.value })}
                        >
                          <option value="false">false</option>
                          <option value="true">true</option>
                        </select>
                      )
                      : a.type === "string"
                      ? (
                        <input
                          type="text"
                          value={a.value}
                          aria-label={`${a.name} value`}
                          onInput={(e) => p.onAxis(a.name, { value: e.currentTarget.value })}
                        />
                      )
                      : input(a, "value", "value")}
                  </div>
                  {errors[a.name]
                    ? (
                      <p id={`err-${a.name}`} class="error field-error" role="alert">
                        {errors[a.name]}
                      </p>
                    )
                    : null}
                </td>
                <td class="num">
                  {a.sweep ? (n === null ? "—" : formatCount(n)) : numeric(a) ? "1" : "1"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {errors[""] ? <p class="error" role="alert">{errors[""]}</p> : null}
      <div class="toolbar">
        <output class="member-count" aria-live="polite">
          {countText(p.count.value, p.preview.value)}
        </output>
        <span class="spacer" />
        <button type="submit" class="primary" disabled={!p.canLaunch.value}>
          {p.submitting.value ? "Launching…" : "Launch sweep"}
        </button>
      </div>
    </form>
  );
}
