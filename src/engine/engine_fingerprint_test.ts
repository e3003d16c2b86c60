import assert from "node:assert/strict";
import {
  EXPECTED_FINGERPRINTS,
  FINGERPRINT_SCENARIOS,
  runScenario,
  scenarioBars,
} from "./engine_fingerprint.ts";

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
