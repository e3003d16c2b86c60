/**
 * Specs of the Prometheus text helpers.
 */
import assert from "node:assert/strict";
import { escapeLabel, formatFamily, formatValue, quantile } from "./prometheus.ts";

Deno.test("formatFamily() writes HELP, TYPE and one line per sample", () => {
  assert.equal(
    formatFamily("hewston_x_total", "counter", "Things.\nMore.", [
      { value: 3 },
      { labels: { route: '/a"b\\c', status: "200" }, value: 1.5 },
      { suffix: "_sum", value: NaN },
    ]),
    "# HELP hewston_x_total Things.\\nMore.\n# TYPE hewston_x_total counter\n" +
      "hewston_x_total 3\n" +
      'hewston_x_total{route="/a\\"b\\\\c",status="200"} 1.5\n' +
      "hewston_x_total_sum NaN\n",
  );
});

Deno.test("formatValue() spells infinities and NaN as Prometheus reads them", () => {
  assert.deepEqual([Infinity, -Infinity, NaN, 0, 2.5e-7, 12].map(formatValue), [
    "+Inf",
    "-Inf",
    "NaN",
    "0",
    "2.5e-7",
    "12",
  ]);
  assert.equal(escapeLabel("a\nb"), "a\\nb");
});

Deno.test("quantile() takes the nearest rank", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2);
  assert.equal(quantile([1, 2, 3, 4], 0.9), 4);
  assert.equal(quantile([5], 0.99), 5);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});
