/**
 * @module
 * Tests of the fixed-point and 64-bit column helpers: halves, signedness, sentinels, exact
 * decimal and ISO text.
 */
import assert from "node:assert/strict";
import {
  FIXED_PRICE_SCALE,
  halves,
  i64At,
  nsToIso,
  priceAt,
  priceColumnAt,
  priceToDecimalString,
  priceToNumber,
  u64At,
  u64ToNumber,
  UNDEF_ORDER_SIZE,
  UNDEF_PRICE,
  UNDEF_TIMESTAMP,
} from "./fixed_point.ts";

Deno.test("fixed_point constants match the DBN sentinels", () => {
  assert.equal(FIXED_PRICE_SCALE, 1e9);
  assert.equal(UNDEF_PRICE, 2n ** 63n - 1n);
  assert.equal(UNDEF_TIMESTAMP, 2n ** 64n - 1n);
  assert.equal(UNDEF_ORDER_SIZE, 4294967295);
});

Deno.test("u64At() reads unsigned columns through their 32-bit halves", () => {
  const col = new BigUint64Array([0n, 1n, 2n ** 32n + 7n, 2n ** 53n - 1n, 1609160400099150057n]);
  const view = halves(col);
  assert.equal(view.length, 10);
  assert.equal(u64At(view, 0), 0);
  assert.equal(u64At(view, 1), 1);
  assert.equal(u64At(view, 2), 4294967303);
  assert.equal(u64At(view, 3), Number.MAX_SAFE_INTEGER);
  // Above 2^53 the number is the correctly rounded double of the exact value.
  assert.equal(u64At(view, 4), Number(1609160400099150057n));
});

Deno.test("i64At() reads negative values of signed columns", () => {
  const col = new BigInt64Array([-1n, -5n, -(2n ** 40n) - 3n, 3720250000000n]);
  const view = halves(col);
  assert.equal(i64At(view, 0), -1);
  assert.equal(i64At(view, 1), -5);
  assert.equal(i64At(view, 2), -1099511627779);
  assert.equal(i64At(view, 3), 3720250000000);
});

Deno.test("halves() respects a column's byteOffset (subarray views)", () => {
  const col = new BigUint64Array([10n, 20n, 30n]).subarray(1);
  assert.equal(u64At(halves(col), 0), 20);
  assert.equal(u64At(halves(col), 1), 30);
});

Deno.test("u64ToNumber() follows the column's signedness and switches between columns", () => {
  const a = new BigInt64Array([-2n, 9n]);
  const b = new BigUint64Array([2n ** 63n, 3n]);
  const c = new BigUint64Array([5n]);
  assert.equal(u64ToNumber(a, 0), -2);
  assert.equal(u64ToNumber(b, 0), 2 ** 63);
  assert.equal(u64ToNumber(c, 0), 5);
  assert.equal(u64ToNumber(a, 1), 9);
  assert.equal(u64ToNumber(b, 1), 3);
  // More columns than the cache holds still read correctly.
  const many = Array.from({ length: 6 }, (_, k) => new BigUint64Array([BigInt(k * 11)]));
  for (let k = 0; k < 6; k++) assert.equal(u64ToNumber(many[k], 0), k * 11);
  for (let k = 5; k >= 0; k--) assert.equal(u64ToNumber(many[k], 0), k * 11);
});

Deno.test("priceAt() scales by 1e-9 and maps UNDEF_PRICE to NaN", () => {
  const col = new BigInt64Array([3720250000000n, UNDEF_PRICE, -250000000n, 1n]);
  const view = halves(col);
  assert.equal(priceAt(view, 0), 3720.25);
  assert.ok(Number.isNaN(priceAt(view, 1)));
  assert.equal(priceAt(view, 2), -0.25);
  assert.equal(priceAt(view, 3), 1e-9);
  assert.equal(priceColumnAt(col, 0), 3720.25);
  assert.ok(Number.isNaN(priceColumnAt(col, 1)));
});

Deno.test("priceToNumber() converts bigint and number raw prices", () => {
  assert.equal(priceToNumber(3720250000000n), 3720.25);
  assert.equal(priceToNumber(372025000000000n), 372025);
  assert.equal(priceToNumber(-1500000000n), -1.5);
  assert.equal(priceToNumber(3720250000000), 3720.25);
  assert.ok(Number.isNaN(priceToNumber(UNDEF_PRICE)));
});

Deno.test("priceToDecimalString() prints exact nine-decimal text", () => {
  assert.equal(priceToDecimalString(3720250000000n), "3720.250000000");
  assert.equal(priceToDecimalString(0n), "0.000000000");
  assert.equal(priceToDecimalString(1n), "0.000000001");
  assert.equal(priceToDecimalString(-1n), "-0.000000001");
  assert.equal(priceToDecimalString(-3720250000001n), "-3720.250000001");
  // Beyond 2^53 the text stays exact where a float would not.
  assert.equal(priceToDecimalString(9007199254740993123n), "9007199254.740993123");
  assert.equal(priceToDecimalString(-(2n ** 63n)), "-9223372036.854775808");
});

Deno.test("nsToIso() keeps all nine fraction digits", () => {
  assert.equal(nsToIso(1609160400099150057n), "2020-12-28T13:00:00.099150057Z");
  assert.equal(nsToIso(1609160460000000000n), "2020-12-28T13:01:00.000000000Z");
  assert.equal(nsToIso(0n), "1970-01-01T00:00:00.000000000Z");
});
