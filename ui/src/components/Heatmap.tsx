/**
 * @module
 * The heatmap of one metric over two grid axes, drawn on a canvas (one fill per cell: a
 * 10,000-cell sweep paints in a few milliseconds). The pointer or the arrow keys focus a cell;
 * its member's parameters and metrics show beside it; a click or Enter opens the member's run.
 * Presentational: it gets signals and callbacks, and never fetches.
 */
import type { ReadonlySignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { SweepHeatmap } from "../api/sweep_types.ts";
import type { CellFocus } from "../state/create_sweep_state.ts";
import { formatNumber } from "../format.ts";

/** The member behind the focused cell. */
export interface FocusedMember {
  member: number;
  params: Record<string, number | boolean | string | null>;
  metrics: Record<string, number | null>;
  value: number | null;
}

/** Props of {@link Heatmap}. */
export interface HeatmapProps {
  heatmap: ReadonlySignal<SweepHeatmap | null>;
  focus: ReadonlySignal<CellFocus | null>;
  focused: ReadonlySignal<FocusedMember | null>;
  /** Pointer over a cell (null: it left the grid). */
  onHover: (c: CellFocus | null) => void;
  /** Arrow keys (dx, dy). */
  onMove: (dx: number, dy: number) => void;
  /** Click or Enter on a cell. */
  onOpen: (c: CellFocus) => void;
  /** Called after each paint (the page measures time to first paint). */
  onPainted?: () => void;
}

const LEFT = 64;
const BOTTOM = 44;
const TOP = 8;
const RIGHT = 12;
// Viridis stops: perceptually even and readable on the dark page, also in grey.
const RAMP = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
const SHOWN_METRICS = ["sharpe", "total_return", "cagr", "max_drawdown", "trades", "hit_rate"];

/** Colour of `t` ∈ [0, 1] on the ramp. */
export function rampColor(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const c = RAMP[i].map((v, k) => Math.round(v + (RAMP[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

interface Layout {
  cw: number;
  ch: number;
  width: number;
  height: number;
}

function layoutOf(h: SweepHeatmap, width: number): Layout {
  const nx = h.x.values.length;
  const ny = h.z.length;
  const cw = Math.max(6, Math.min(64, Math.floor((width - LEFT - RIGHT) / nx)));
  const ch = Math.max(6, Math.min(36, cw));
  return { cw, ch, width: LEFT + nx * cw + RIGHT, height: TOP + ny * ch + BOTTOM };
}

function label(v: unknown): string {
  return typeof v === "number" ? String(Number(v.toPrecision(6))) : String(v);
}

function draw(canvas: HTMLCanvasElement, h: SweepHeatmap, focus: CellFocus | null, width: number) {
  const L = layoutOf(h, width);
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = L.width * dpr;
  canvas.height = L.height * dpr;
  canvas.style.width = `${L.width}px`;
  canvas.style.height = `${L.height}px`;
  const g = canvas.getContext("2d")!;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, L.width, L.height);
  const span = h.max !== null && h.min !== null && h.max > h.min ? h.max - h.min : 1;
  const ny = h.z.length;
  for (let yi = 0; yi < ny; yi++) {
    // Row 0 at the bottom: y grows upwards, as on a chart.
    const y = TOP + (ny - 1 - yi) * L.ch;
    const row = h.z[yi];
    for (let xi = 0; xi < row.length; xi++) {
      const v = row[xi];
      g.fillStyle = v === null ? "#1b2028" : rampColor((v - (h.min ?? 0)) / span);
      g.fillRect(LEFT + xi * L.cw, y, L.cw - 1, L.ch - 1);
    }
  }
  g.fillStyle = "#9aa4b2";
  g.font = "11px system-ui, sans-serif";
  g.textBaseline = "middle";
  g.textAlign = "right";
  const yStep = Math.ceil(14 / L.ch);
  if (h.y) {
    for (let yi = 0; yi < ny; yi += yStep) {
      g.fillText(label(h.y.values[yi]), LEFT - 6, TOP + (ny - 1 - yi) * L.ch + L.ch / 2);
    }
  }
  g.textAlign = "center";
  g.textBaseline = "top";
  const xStep = Math.ceil(34 / L.cw);
  const base = TOP + ny * L.ch + 4;
  for (let xi = 0; xi < h.x.values.length; xi += xStep) {
    g.fillText(label(h.x.values[xi]), LEFT + xi * L.cw + L.cw / 2, base);
  }
  g.fillText(h.x.param, LEFT + (h.x.values.length * L.cw) / 2, base + 16);
  if (h.y) {
    g.save();
    g.translate(12, TOP + (ny * L.ch) / 2);
    g.rotate(-Math.PI / 2);
    g.fillText(h.y.param, 0, -6);
    g.restore();
  }
  if (focus) {
    g.strokeStyle = "#ffffff";
    g.lineWidth = 2;
    g.strokeRect(
      LEFT + focus.xi * L.cw + 1,
      TOP + (ny - 1 - focus.yi) * L.ch + 1,
      L.cw - 3,
      L.ch - 3,
    );
  }
  return L;
}

/** The heatmap with its focus card. */
export function Heatmap(props: HeatmapProps) {
  const { heatmap, focus, focused } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = useRef<Layout | null>(null);
  const h = heatmap.value;
  const f = focus.value;

  useEffect(() => {
    if (!h || !canvas.current || !wrap.current) return;
    layout.current = draw(canvas.current, h, f, wrap.current.clientWidth);
    if (props.onPainted) requestAnimationFrame(() => props.onPainted!());
  }, [h, f]);

  const cellAt = (ev: MouseEvent): CellFocus | null => {
    const L = layout.current;
    if (!h || !L || !canvas.current) return null;
    const r = canvas.current.getBoundingClientRect();
    const xi = Math.floor((ev.clientX - r.left - LEFT) / L.cw);
    const row = Math.floor((ev.clientY - r.top - TOP) / L.ch);
    const yi = h.z.length - 1 - row;
    if (xi < 0 || xi >= h.x.values.length || yi < 0 || yi >= h.z.length) return null;
    return { xi, yi };
  };

  const onKey = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, 1],
      ArrowDown: [0, -1],
    };
    const m = moves[e.key];
    if (m) {
      e.preventDefault();
      props.onMove(m[0], m[1]);
    } else if ((e.key === "Enter" || e.key === " ") && focus.value) {
      e.preventDefault();
      props.onOpen(focus.value);
    }
  };

  const member = focused.value;
  const L = layout.current;
  const tipStyle = f && L && h
    ? {
      left: `${Math.min(LEFT + (f.xi + 1) * L.cw + 8, Math.max(0, L.width - 40))}px`,
      top: `${TOP + (h.z.length - 1 - f.yi) * L.ch}px`,
    }
    : undefined;
  const title = h
    ? `Heatmap of ${h.metric} over ${h.x.param}${h.y ? ` and ${h.y.param}` : ""}`
    : "Heatmap";
  return (
    <div class="heatmap" ref={wrap}>
      <div
        class="heatmap-grid"
        tabIndex={0}
        role="application"
        aria-label={`${title}. Arrow keys move between cells, Enter opens the member's run.`}
        aria-describedby="heatmap-focus"
        onKeyDown={onKey}
        onFocus={() => focus.value === null && props.onMove(0, 0)}
      >
        <canvas
          ref={canvas}
          onMouseMove={(e) => props.onHover(cellAt(e))}
          onMouseLeave={() => props.onHover(null)}
          onClick={(e) => {
            const c = cellAt(e);
            if (c) props.onOpen(c);
          }}
        />
        {member && tipStyle
          ? (
            <div class="heatmap-tip" style={tipStyle} aria-hidden="true">
              <MemberCard m={member} metric={h!.metric} />
            </div>
          )
          : null}
      </div>
      <div id="heatmap-focus" class="sr-only" aria-live="polite">
        {member
          ? `Member ${member.member}: ${
            Object.entries(member.params).map(([k, v]) => `${k} ${v}`).join(", ")
          }; ${h!.metric} ${formatNumber(member.value, 3)}`
          : ""}
      </div>
      {h
        ? (
          <div class="heatmap-legend" aria-hidden="true">
            <span>{formatNumber(h.min, 3)}</span>
            <span class="heatmap-ramp" />
            <span>{formatNumber(h.max, 3)}</span>
            <span class="dim">{h.metric}{h.reduce === "max" ? "" : " (min)"}; grey: no member</span>
          </div>
        )
        : null}
    </div>
  );
}

/** A member's parameters and main metrics. */
export function MemberCard({ m, metric }: { m: FocusedMember; metric: string }) {
  const shown = [metric, ...SHOWN_METRICS.filter((k) => k !== metric)];
  return (
    <dl class="member-card">
      <dt>member</dt>
      <dd>{m.member}</dd>
      {Object.entries(m.params).map((
        [k, v],
      ) => [<dt key={`p${k}`}>{k}</dt>, <dd key={`v${k}`}>{String(v)}</dd>])}
      {shown.filter((k) => k in m.metrics).map((k) => [
        <dt key={`m${k}`}>{k}</dt>,
        <dd key={`n${k}`} class="num">{formatNumber(m.metrics[k], k === "trades" ? 0 : 3)}</dd>,
      ])}
    </dl>
  );
}
