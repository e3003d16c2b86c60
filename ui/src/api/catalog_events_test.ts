/** Specs of the catalog stream's job ids. */
import assert from "node:assert/strict";
import { jobKind } from "./catalog_events.ts";

Deno.test("jobKind() tells sweeps and dataset builds from runs by their id", () => {
  assert.equal(jobKind("sw-0123456789abcdef"), "sweep");
  assert.equal(jobKind("dataset-0123456789abcdef"), "dataset");
  assert.equal(jobKind("0123456789abcdef"), "run");
});
