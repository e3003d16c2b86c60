/**
 * @module
 * The PBO's logit histogram (SVG): λ of every CSCV split, the in-sample best member's rank out
 * of sample on the logit scale. Bars left of 0 are splits where it ranked below the median
 * (overfit); the PBO is their share. Presentational.
 */

/** Props of {@link PboHistogram}. */
export interface PboHistogramProps {
  logits: number[];
  pbo: number;
  /** One plain-language line on what the PBO means. */
  meaning: string;
}

const W = 420;
const H = 140;
const PAD = 24;

/**
 * Counts of `values` in `bins` equal bins over a range symmetric around 0.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.deepEqual(histogram([-1, -0.5, 0.5, 1, 1], 4), { edge: 1, counts: [1, 1, 0, 3] });
 * ```
 */
export function histogram(values: number[], bins: number): { edge: number; counts: number[] } {
  const finite = values.filter(Number.isFinite);
  const edge = Math.max(1e-9, ...finite.map(Math.abs));
  const counts = new Array(bins).fill(0);
  for (const v of finite) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(((v + edge) / (2 * edge)) * bins)));
    counts[i]++;
  }
  return { edge, counts };
}

/** The histogram figure with its caption. */
export function PboHistogram({ logits, pbo, meaning }: PboHistogramProps) {
  const bins = 24;
  const { edge, counts } = histogram(logits, bins);
  const top = Math.max(1, ...counts);
  const bw = (W - 2 * PAD) / bins;
  return (
    <figure class="pbo">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`Histogram of ${logits.length} logits; PBO ${(pbo * 100).toFixed(0)}%`}
      >
        {counts.map((c, i) => {
          const h = ((H - 2 * PAD) * c) / top;
          const left = i < bins / 2;
          return (
            <rect
              key={i}
              x={PAD + i * bw + 0.5}
              y={H - PAD - h}
              width={bw - 1}
              height={h}
              fill={left ? "#ef5350" : "#5b9cf6"}
            />
          );
        })}
        <line
          x1={W / 2}
          x2={W / 2}
          y1={PAD / 2}
          y2={H - PAD}
          stroke="#d7dde6"
          stroke-dasharray="3 3"
        />
        <text x={PAD} y={H - 6} fill="#8893a2" font-size="11">{(-edge).toFixed(1)}</text>
        <text x={W / 2} y={H - 6} fill="#8893a2" font-size="11" text-anchor="middle">λ = 0</text>
        <text x={W - PAD} y={H - 6} fill="#8893a2" font-size="11" text-anchor="end">
          {edge.toFixed(1)}
        </text>
        <text x={PAD} y={14} fill="#ef5350" font-size="11">overfit ← below the median</text>
        <text x={W - PAD} y={14} fill="#5b9cf6" font-size="11" text-anchor="end">
          above the median →
        </text>
      </svg>
      <figcaption>
        <strong>PBO {(pbo * 100).toFixed(1)}%</strong> — {meaning}
      </figcaption>
    </figure>
  );
}
