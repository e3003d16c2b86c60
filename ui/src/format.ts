/**
 * @module
 * How numbers and times look on screen: New York wall time with the zone shown (the API
 * speaks UTC), money with its unit, ratios as percentages, counts with thousands separators.
 * The UTC→New York offset is looked up once per UTC day (Intl), the fast path the charting
 * library's docs recommend; US DST switches at 02:00 local on a Sunday, outside any session.
 */

const NY = "America/New_York";
const DAY = 86_400;
const offsetByDay = new Map<number, number>();
const offsetFmt = new Intl.DateTimeFormat("en-US", {
  timeZone: NY,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/**
 * Seconds to add to a UTC time (seconds) to get New York wall time as if it were UTC.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(nyOffsetSec(Date.UTC(2024, 0, 2, 15) / 1000), -5 * 3600); // EST
 * assert.equal(nyOffsetSec(Date.UTC(2024, 6, 2, 15) / 1000), -4 * 3600); // EDT
 * ```
 */
export function nyOffsetSec(utcSec: number): number {
  const day = Math.floor(utcSec / DAY);
  let off = offsetByDay.get(day);
  if (off === undefined) {
    // Noon UTC is 07:00/08:00 in New York: past any DST switch of that date.
    const probe = day * DAY + 12 * 3600;
    const p = Object.fromEntries(
      offsetFmt.formatToParts(new Date(probe * 1000)).map((x) => [x.type, x.value]),
    );
    const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) / 1000;
    off = wall - probe;
    offsetByDay.set(day, off);
  }
  return off;
}

/** UTC seconds → New York wall-clock seconds (for the chart's UTC-only time axis). */
export function toNySec(utcSec: number): number {
  return utcSec + nyOffsetSec(utcSec);
}

const pad = (n: number) => (n < 10 ? "0" : "") + n;

/**
 * New York wall-clock seconds (from {@link toNySec}) as `2024-03-15 10:31`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatNyWall(toNySec(Date.UTC(2024, 2, 15, 14, 31) / 1000)), "2024-03-15 10:31");
 * ```
 */
export function formatNyWall(nySec: number): string {
  const d = new Date(nySec * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * The chart's time label of a candle starting at `nySec` (New York wall-clock seconds): the
 * New York date alone for a day (or coarser) candle, whose bucket starts at 00:00, else the
 * date and time with the zone.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const day = toNySec(Date.UTC(2024, 3, 15, 4) / 1000); // 2024-04-15 00:00 New York
 * assert.equal(formatCandleTime(day, true), "2024-04-15");
 * assert.equal(formatCandleTime(day + 34_260, false), "2024-04-15 09:31 ET");
 * ```
 */
export function formatCandleTime(nySec: number, daily: boolean): string {
  const wall = formatNyWall(nySec);
  return daily ? wall.slice(0, 10) : `${wall} ET`;
}

/**
 * The label of an open position's entry line on the chart: side, shares and entry price, e.g.
 * `long 137 @ 589.04` (on the line itself: an axis label there would cover the last price's).
 */
export function formatPositionLine(qty: number, price: number): string {
  return `${qty > 0 ? "long" : "short"} ${Math.abs(Math.round(qty))} @ ${price.toFixed(2)}`;
}

/**
 * A UTC time (ISO string or seconds) in New York time with the zone: `2024-03-15 10:31 ET`
 * (without it, `zone: false`, in a column whose header names it).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatNyTime("2024-01-02T14:31:00Z"), "2024-01-02 09:31 ET");
 * assert.equal(formatNyTime(null), "—");
 * // Under a header that names the zone:
 * assert.equal(formatNyTime("2024-01-02T14:31:00Z", { zone: false }), "2024-01-02 09:31");
 * ```
 */
export function formatNyTime(
  t: string | number | null | undefined,
  opts: { zone?: boolean } = {},
): string {
  if (t === null || t === undefined || t === "") return "—";
  const sec = typeof t === "number" ? t : Date.parse(t) / 1000;
  if (!Number.isFinite(sec)) return "—";
  const wall = formatNyWall(toNySec(sec));
  return opts.zone === false ? wall : `${wall} ET`;
}

const NUM = new Map<number, Intl.NumberFormat>();
function nf(digits: number): Intl.NumberFormat {
  let f = NUM.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    NUM.set(digits, f);
  }
  return f;
}

/**
 * A number with separators and fixed decimals; `—` for null/NaN; a true minus sign.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatNumber(-1234.567, 2), "−1,234.57");
 * assert.equal(formatNumber(null), "—");
 * ```
 */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = nf(digits).format(Math.abs(v));
  return v < 0 && s !== nf(digits).format(0) ? `−${s}` : s;
}

/**
 * Money in US dollars: `$80,942.63`, `−$252.54`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatUsd(80942.62555), "$80,942.63");
 * assert.equal(formatUsd(-252.5), "−$252.50");
 * ```
 */
export function formatUsd(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const s = formatNumber(Math.abs(v), digits);
  return v < 0 && s !== formatNumber(0, digits) ? `−$${s}` : `$${s}`;
}

/**
 * A ratio as a percentage: `0.1906` → `19.06 %`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatPct(-0.19057), "−19.06 %");
 * ```
 */
export function formatPct(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${formatNumber(v * 100, digits)} %`;
}

/**
 * A whole count with separators: `97,740`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatCount(97740), "97,740");
 * ```
 */
export function formatCount(v: number | null | undefined): string {
  return formatNumber(v, 0);
}

/**
 * A duration in milliseconds, short: `840 ms`, `4.8 s`, `2 min 5 s`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * assert.equal(formatDuration(4763), "4.8 s");
 * ```
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}
