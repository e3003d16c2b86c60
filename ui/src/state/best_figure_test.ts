import assert from "node:assert/strict";
import { bestFigure } from "./best_figure.ts";

Deno.test("bestFigure() picks the best finite figure and none on a tie", () => {
  assert.equal(bestFigure([-1.19, -1.11], false), 1);
  assert.equal(bestFigure([21.72, 20.33], true), 1);
  assert.equal(bestFigure([null, NaN, 5], false), 2);
  assert.equal(bestFigure([null, null], false), -1);
  // Two runs with the same drawdown duration: neither is better.
  assert.equal(bestFigure([97_533, 97_533], true), -1);
  assert.equal(bestFigure([3, 3, 1], false), -1);
  assert.equal(bestFigure([3, 1, 1], false), 0);
});
