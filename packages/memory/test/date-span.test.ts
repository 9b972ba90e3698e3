import { dateSpan, formatDateSpan, withEventSpan } from "../src/schema/date-span";

describe("dateSpan and formatDateSpan", () => {
  const at = new Date("2023-01-18T15:30:00.000Z"); // a Wednesday

  it.each([
    ["day", "2023-01-18T15:30:00.000Z", "2023-01-19T00:00:00.000Z", "18 January 2023"],
    ["week", "2023-01-16T00:00:00.000Z", "2023-01-23T00:00:00.000Z", "the week of 16 January 2023"],
    ["month", "2023-01-01T00:00:00.000Z", "2023-02-01T00:00:00.000Z", "January 2023"],
    ["season", "2022-12-01T00:00:00.000Z", "2023-03-01T00:00:00.000Z", "winter 2022/23"],
    ["year", "2023-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z", "2023"],
  ] as const)("%s: from %s to %s, said as %s", (precision, start, end, said) => {
    expect(dateSpan(at, precision)).toEqual({ start, end, precision });
    expect(formatDateSpan(start, precision)).toBe(said);
  });

  it("names each season by its first month, and a Sunday belongs to the week of the Monday before", () => {
    expect(formatDateSpan(dateSpan(new Date("2022-07-31T00:00:00Z"), "season").start, "season")).toBe("summer 2022");
    expect(formatDateSpan(dateSpan(new Date("2022-04-02T00:00:00Z"), "season").start, "season")).toBe("spring 2022");
    expect(formatDateSpan(dateSpan(new Date("2022-11-30T00:00:00Z"), "season").start, "season")).toBe("autumn 2022");
    expect(dateSpan(new Date("2023-01-22T10:00:00Z"), "week").start).toBe("2023-01-16T00:00:00.000Z");
  });

  it("leaves an unknown or unparseable date without a span", () => {
    expect(withEventSpan(null, "year")).toEqual({ occurred_at: null, occurred_precision: "year", occurred_end: null });
    expect(withEventSpan("soon")).toEqual({ occurred_at: null, occurred_precision: "day", occurred_end: null });
  });
});
