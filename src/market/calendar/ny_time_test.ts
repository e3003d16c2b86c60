import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { nyLocalToUtcMs, nyUtcOffsetMinutes } from "./mod.ts";

const iso = (ms: number) => new Date(ms).toISOString();
const utc = (text: string) => Date.parse(text);

Deno.test("nyUtcOffsetMinutes() switches to EDT at 2024-03-10 07:00 UTC (02:00 EST)", () => {
  assert.equal(nyUtcOffsetMinutes(utc("2024-03-10T06:59:59.999Z")), -300);
  assert.equal(nyUtcOffsetMinutes(utc("2024-03-10T07:00:00.000Z")), -240);
});

Deno.test("nyUtcOffsetMinutes() switches back to EST at 2024-11-03 06:00 UTC (02:00 EDT)", () => {
  assert.equal(nyUtcOffsetMinutes(utc("2024-11-03T05:59:59.999Z")), -240);
  assert.equal(nyUtcOffsetMinutes(utc("2024-11-03T06:00:00.000Z")), -300);
});

Deno.test("nyUtcOffsetMinutes() follows the April/October rule before 2007", async (t) => {
  await t.step("2006 starts on the first Sunday of April", () => {
    assert.equal(nyUtcOffsetMinutes(utc("2006-03-13T15:00:00Z")), -300);
    assert.equal(nyUtcOffsetMinutes(utc("2006-04-02T06:59:00Z")), -300);
    assert.equal(nyUtcOffsetMinutes(utc("2006-04-02T07:00:00Z")), -240);
  });
  await t.step("2006 ends on the last Sunday of October", () => {
    assert.equal(nyUtcOffsetMinutes(utc("2006-10-29T05:59:00Z")), -240);
    assert.equal(nyUtcOffsetMinutes(utc("2006-10-29T06:00:00Z")), -300);
    assert.equal(nyUtcOffsetMinutes(utc("2006-11-02T15:00:00Z")), -300);
  });
  await t.step(
    "2007 starts on the second Sunday of March and ends on the first of November",
    () => {
      assert.equal(nyUtcOffsetMinutes(utc("2007-03-11T07:00:00Z")), -240);
      assert.equal(nyUtcOffsetMinutes(utc("2007-10-29T15:00:00Z")), -240);
      assert.equal(nyUtcOffsetMinutes(utc("2007-11-04T06:00:00Z")), -300);
    },
  );
});

Deno.test("nyUtcOffsetMinutes() covers the range edges and refuses instants outside it", () => {
  assert.equal(nyUtcOffsetMinutes(utc("2000-01-01T05:00:00Z")), -300);
  assert.equal(nyUtcOffsetMinutes(utc("2036-01-01T04:59:59.999Z")), -300);
  assert.throws(() => nyUtcOffsetMinutes(utc("2000-01-01T04:59:59.999Z")), ValidationError);
  assert.throws(() => nyUtcOffsetMinutes(utc("2036-01-01T05:00:00Z")), ValidationError);
  assert.throws(() => nyUtcOffsetMinutes(NaN), ValidationError);
});

Deno.test("nyLocalToUtcMs() converts regular opens on both sides of the March switch", () => {
  assert.equal(iso(nyLocalToUtcMs("2024-03-08", 9, 30)), "2024-03-08T14:30:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-03-11", 9, 30)), "2024-03-11T13:30:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-01-02", 0, 0)), "2024-01-02T05:00:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-07-01", 23, 59)), "2024-07-02T03:59:00.000Z");
});

Deno.test("nyLocalToUtcMs() reads a wall time in the spring-forward gap as EST", () => {
  assert.equal(iso(nyLocalToUtcMs("2024-03-10", 1, 59)), "2024-03-10T06:59:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-03-10", 2, 30)), "2024-03-10T07:30:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-03-10", 3, 0)), "2024-03-10T07:00:00.000Z");
});

Deno.test("nyLocalToUtcMs() resolves the repeated fall-back hour to its first occurrence", () => {
  assert.equal(iso(nyLocalToUtcMs("2024-11-03", 0, 59)), "2024-11-03T04:59:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-11-03", 1, 30)), "2024-11-03T05:30:00.000Z");
  assert.equal(iso(nyLocalToUtcMs("2024-11-03", 2, 0)), "2024-11-03T07:00:00.000Z");
});

Deno.test("nyLocalToUtcMs() round-trips through nyUtcOffsetMinutes() every 30 minutes of 2024", () => {
  const start = utc("2024-01-01T05:00:00Z");
  const remapped: string[] = [];
  for (let t = start; t < utc("2025-01-01T05:00:00Z"); t += 30 * 60_000) {
    const local = new Date(t + nyUtcOffsetMinutes(t) * 60_000);
    const date = local.toISOString().slice(0, 10);
    const back = nyLocalToUtcMs(date, local.getUTCHours(), local.getUTCMinutes());
    // Only the second pass through the fall-back hour maps to a different (earlier) instant.
    if (back !== t) {
      assert.equal(t - back, 3_600_000, `at ${iso(t)}`);
      remapped.push(iso(t));
    }
  }
  assert.deepEqual(remapped, ["2024-11-03T06:00:00.000Z", "2024-11-03T06:30:00.000Z"]);
});

Deno.test("nyLocalToUtcMs() refuses bad dates, hours and minutes", () => {
  assert.throws(() => nyLocalToUtcMs("2024-02-30", 9, 30), ValidationError);
  assert.throws(() => nyLocalToUtcMs("2024-3-8", 9, 30), ValidationError);
  assert.throws(() => nyLocalToUtcMs("1999-12-31", 9, 30), ValidationError);
  assert.throws(() => nyLocalToUtcMs("2036-01-02", 9, 30), ValidationError);
  assert.throws(() => nyLocalToUtcMs("2024-03-08", 24, 0), ValidationError);
  assert.throws(() => nyLocalToUtcMs("2024-03-08", 9, 60), ValidationError);
  assert.throws(() => nyLocalToUtcMs("2024-03-08", 9.5, 0), ValidationError);
  assert.throws(
    () => nyLocalToUtcMs("1999-12-31", 9, 30),
    { message: "date 1999-12-31 is outside the NASDAQ calendar range 2000-2035" },
  );
});
