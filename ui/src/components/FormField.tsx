/**
 * @module
 * One labelled form control for a {@link FieldSpec}: a number input (integers step by 1,
 * bounds in the hint), a checkbox, or a select of allowed values; the default shows as the
 * placeholder; an error from the API sits under it, tied to it by `aria-describedby`.
 */
import { boundsText, type FieldSpec, type InputValue } from "../state/run_form.ts";

/** Props of {@link FormField}. */
export interface FormFieldProps {
  /** The form's key of the field (`params.fast`); the element ids derive from it. */
  fieldKey: string;
  spec: FieldSpec;
  value: InputValue;
  /** Label text (default: the field's name). */
  label?: string;
  error?: string;
  onInput: (v: InputValue) => void;
}

/** The DOM id of a field key. */
export const fieldId = (key: string) => `f-${key.replace(/[^A-Za-z0-9_-]/g, "-")}`;

/** A label, its control, its hint and its error. */
export function FormField({ fieldKey, spec, value, label, error, onInput }: FormFieldProps) {
  const id = fieldId(fieldKey);
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const hint = [
    boundsText(spec),
    spec.hint,
    spec.default !== undefined && spec.type !== "boolean" ? `default ${spec.default}` : "",
  ].filter(Boolean).join(" · ");
  const described = [hint ? hintId : "", error ? errId : ""].filter(Boolean).join(" ") ||
    undefined;
  const name = label ?? spec.name;
  if (spec.type === "boolean") {
    return (
      <div class={`ff ff-check${error ? " invalid" : ""}`}>
        <label for={id}>
          <input
            id={id}
            type="checkbox"
            checked={value === true}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            onChange={(e) => onInput(e.currentTarget.checked)}
          />{" "}
          {name}
        </label>
        {error ? <span id={errId} class="ff-error" role="alert">{error}</span> : null}
      </div>
    );
  }
  return (
    <div class={`ff${error ? " invalid" : ""}`}>
      <label for={id}>{name}</label>
      {spec.options
        ? (
          <select
            id={id}
            value={String(value)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            onChange={(e) => onInput(e.currentTarget.value)}
          >
            {spec.optional && spec.default === undefined ? <option value="">default</option> : null}
            {spec.optional && spec.default !== undefined && value === ""
              ? <option value="">default ({String(spec.default)})</option>
              : null}
            {spec.options.map((o) => <option key={o} value={o}>{o}</option>)}
          </select>
        )
        : spec.type === "string"
        ? (
          <input
            id={id}
            type="text"
            value={String(value)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )
        : (
          <input
            id={id}
            type="number"
            inputMode={spec.type === "integer" ? "numeric" : "decimal"}
            step={spec.type === "integer" ? 1 : "any"}
            min={spec.minimum}
            max={spec.maximum}
            placeholder={spec.default !== undefined ? String(spec.default) : ""}
            value={String(value)}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={described}
            onInput={(e) => onInput(e.currentTarget.value)}
          />
        )}
      {hint ? <span id={hintId} class="ff-hint dim">{hint}</span> : null}
      {error ? <span id={errId} class="ff-error" role="alert">{error}</span> : null}
    </div>
  );
}
