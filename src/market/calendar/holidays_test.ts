import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { holidaysIn } from "./mod.ts";

Deno.test("holidaysIn() lists the ten 2024 holidays in date order", () => {
  assert.deepEqual(holidaysIn(2024), [
    { date: "2024-01-01", name: "New Year's Day" },
    { date: "2024-01-15", name: "Martin Luther King Jr. Day" },
    { date: "2024-02-19", name: "Washington's Birthday" },
    { date: "2024-03-29", name: "Good Friday" },
    { date: "2024-05-27", name: "Memorial Day" },
    { date: "2024-06-19", name: "Juneteenth National Independence Day" },
    { date: "2024-07-04", name: "Independence Day" },
    { date: "2024-09-02", name: "Labor Day" },
    { date: "2024-11-28", name: "Thanksgiving Day" },
    { date: "2024-12-25", name: "Christmas Day" },
  ]);
});

Deno.test("holidaysIn() skips a Saturday New Year and moves Sunday holidays to Monday (2022)", () => {
  assert.deepEqual(holidaysIn(2022).map((h) => h.date), [
    "2022-01-17",
    "2022-02-21",
    "2022-04-15",
    "2022-05-30",
    "2022-06-20",
    "2022-07-04",
    "2022-09-05",
    "2022-11-24",
    "2022-12-26",
  ]);
  assert.equal(holidaysIn(2022)[4].name, "Juneteenth National Independence Day (observed)");
  assert.equal(holidaysIn(2022)[8].name, "Christmas Day (observed)");
});

Deno.test("holidaysIn() moves Saturday holidays to Friday and Sunday ones to Monday (2021)", () => {
  const h = holidaysIn(2021);
  assert.deepEqual(h.find((x) => x.name.startsWith("Independence")), {
    date: "2021-07-05",
    name: "Independence Day (observed)",
  });
  assert.deepEqual(h.find((x) => x.name.startsWith("Christmas")), {
    date: "2021-12-24",
    name: "Christmas Day (observed)",
  });
  assert.equal(h.some((x) => x.name.startsWith("Juneteenth")), false);
  assert.equal(h.length, 9);
});

Deno.test("holidaysIn() observes a Saturday Juneteenth on Friday June 18 (2027)", () => {
  assert.deepEqual(holidaysIn(2027).find((x) => x.name.startsWith("Juneteenth")), {
    date: "2027-06-18",
    name: "Juneteenth National Independence Day (observed)",
  });
});

Deno.test("holidaysIn() observes a Sunday New Year on Monday January 2 (2012, 2017, 2023)", () => {
  for (const year of [2012, 2017, 2023]) {
    assert.deepEqual(holidaysIn(year)[0], {
      date: `${year}-01-02`,
      name: "New Year's Day (observed)",
    });
  }
});

Deno.test("holidaysIn() includes the unscheduled closures", () => {
  const regular = new RegExp(
    "^(New Year's Day|Martin Luther King Jr. Day|Washington's Birthday|Good Friday|Memorial Day|" +
      "Juneteenth National Independence Day|Independence Day|Labor Day|Thanksgiving Day|" +
      "Christmas Day)( \\(observed\\))?$",
  );
  const special = (year: number) => holidaysIn(year).filter((h) => !regular.test(h.name));
  assert.deepEqual(special(2001).map((h) => h.date), [
    "2001-09-11",
    "2001-09-12",
    "2001-09-13",
    "2001-09-14",
  ]);
  assert.deepEqual(special(2004), [
    { date: "2004-06-11", name: "National Day of Mourning for President Ronald Reagan" },
  ]);
  assert.deepEqual(special(2007), [
    { date: "2007-01-02", name: "National Day of Mourning for President Gerald R. Ford" },
  ]);
  assert.deepEqual(special(2012), [
    { date: "2012-10-29", name: "Hurricane Sandy" },
    { date: "2012-10-30", name: "Hurricane Sandy" },
  ]);
  assert.deepEqual(special(2018), [
    { date: "2018-12-05", name: "National Day of Mourning for President George H. W. Bush" },
  ]);
  assert.deepEqual(special(2025), [
    { date: "2025-01-09", name: "National Day of Mourning for President Jimmy Carter" },
  ]);
});

Deno.test("holidaysIn() dates Good Friday from the Easter computus", () => {
  const goodFriday = (year: number) => holidaysIn(year).find((h) => h.name === "Good Friday")!.date;
  assert.equal(goodFriday(2000), "2000-04-21");
  assert.equal(goodFriday(2008), "2008-03-21");
  assert.equal(goodFriday(2011), "2011-04-22");
  assert.equal(goodFriday(2019), "2019-04-19");
  assert.equal(goodFriday(2024), "2024-03-29");
  assert.equal(goodFriday(2025), "2025-04-18");
  assert.equal(goodFriday(2035), "2035-03-23");
});

Deno.test("holidaysIn() refuses years outside 2000..2035", () => {
  assert.throws(() => holidaysIn(1999), ValidationError);
  assert.throws(() => holidaysIn(2036), ValidationError);
  assert.throws(() => holidaysIn(2024.5), ValidationError);
  assert.throws(() => holidaysIn(1999), {
    message: "year 1999 is outside the NASDAQ calendar range 2000-2035",
  });
});
