import { formatDay } from "../src/ingest/offline/format-date";

describe("formatDay", () => {
  it("words the UTC day of any time in it, before 1970 too, the same on a second call", () => {
    expect(formatDay(new Date("2023-05-08T00:00:00.000Z"))).toBe("8 May 2023");
    expect(formatDay(new Date("2023-05-08T23:59:59.999Z"))).toBe("8 May 2023");
    expect(formatDay(new Date("2023-05-09T00:00:00.000Z"))).toBe("9 May 2023");
    expect(formatDay(new Date("1969-12-31T23:00:00.000Z"))).toBe("31 December 1969");
    expect(formatDay(new Date("1970-01-01T01:00:00.000Z"))).toBe("1 January 1970");
    expect(formatDay(new Date("2023-05-08T12:00:00.000Z"))).toBe("8 May 2023");
  });

  it("throws for an invalid date, every time", () => {
    expect(() => formatDay(new Date("not a date"))).toThrow(RangeError);
    expect(() => formatDay(new Date("not a date"))).toThrow(RangeError);
  });
});
