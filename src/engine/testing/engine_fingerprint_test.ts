/**
 * @module
 * Bit-for-bit regression guard of the engine core: canonical scenarios through
 * `runBacktest`, and the kernels, `simulate` and `computeMetrics` called directly, must hash
 * to the values recorded before any performance work.
 */
import assert from "node:assert/strict";
import {
  EXPECTED_FINGERPRINTS,
  EXPECTED_KERNELS_FINGERPRINT,
  EXPECTED_SIMULATION_FINGERPRINT,
  fingerprint,
  FINGERPRINT_SCENARIOS,
  kernelsFingerprint,
  runScenario,
  scenarioBars,
  scenarioConfig,
  simulationFingerprint,
} from "./engine_fingerprint.ts";
import { randomBars } from "./bar_fixtures.ts";
import { EngineScratch, runBacktest } from "../run_backtest.ts";

for (const s of FINGERPRINT_SCENARIOS) {
  Deno.test(`runBacktest() reproduces the recorded fingerprint of "${s.name}"`, () => {
    assert.deepEqual(runScenario(s), EXPECTED_FINGERPRINTS[s.name]);
  });
}

Deno.test("runBacktest() fingerprints cover every canonical scenario, and no other", () => {
  const names = FINGERPRINT_SCENARIOS.map((s) => s.name);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(names.toSorted(), Object.keys(EXPECTED_FINGERPRINTS).toSorted());
});

Deno.test("runBacktest() gives the same fingerprint when run twice on the same bars", () => {
  const s = FINGERPRINT_SCENARIOS[2];
  assert.deepEqual(runScenario(s), runScenario(s));
  assert.equal(scenarioBars(s).length, 5_000);
});

Deno.test("runBacktest() with one EngineScratch for every scenario reproduces the fingerprints", () => {
  const scratch = new EngineScratch();
  for (const s of [...FINGERPRINT_SCENARIOS, ...FINGERPRINT_SCENARIOS.toReversed()]) {
    assert.deepEqual(runScenario(s, scratch), EXPECTED_FINGERPRINTS[s.name], s.name);
  }
  // Another bar count resizes the arrays; back at the scenarios' size, still the same bits.
  const short = runBacktest(randomBars(700, 3), scenarioConfig(FINGERPRINT_SCENARIOS[0]), 98_280);
  const again = runBacktest(
    randomBars(700, 3),
    scenarioConfig(FINGERPRINT_SCENARIOS[0]),
    98_280,
    undefined,
    scratch,
  );
  assert.deepEqual(fingerprint(again), fingerprint(short));
  const s = FINGERPRINT_SCENARIOS[3];
  assert.deepEqual(runScenario(s, scratch), EXPECTED_FINGERPRINTS[s.name]);
});

Deno.test("indicators, signals and sizing reproduce the recorded kernel fingerprint", () => {
  assert.equal(kernelsFingerprint(), EXPECTED_KERNELS_FINGERPRINT);
});

Deno.test("simulate() and computeMetrics() reproduce the recorded fingerprint", () => {
  assert.equal(simulationFingerprint(), EXPECTED_SIMULATION_FINGERPRINT);
});
