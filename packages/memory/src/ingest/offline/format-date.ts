const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const MONTH_FORMAT = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
const WEEKDAY_FORMAT = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone: "UTC" });

/** Days already put in words, by days since 1970 (UTC): `Intl` formatting costs microseconds, and ingest words the same few days over and over. */
const formattedDays = new Map<number, string>();

/** The UTC calendar day in words, e.g. `7 May 2023`. @throws RangeError for an invalid date (as `Intl.DateTimeFormat` does). */
export function formatDay(date: Date): string {
  const day = Math.floor(date.getTime() / 86_400_000);
  let words = formattedDays.get(day);
  if (words === undefined) {
    words = DAY_FORMAT.format(date);
    if (formattedDays.size >= 10_000) formattedDays.clear();
    formattedDays.set(day, words);
  }
  return words;
}

/** The UTC month in words, e.g. `May 2023`. */
export function formatMonth(date: Date): string {
  return MONTH_FORMAT.format(date);
}

/** The UTC weekday name, e.g. `Friday`. */
export function formatWeekday(date: Date): string {
  return WEEKDAY_FORMAT.format(date);
}

/** Midnight UTC of the given calendar day (`month` 1 to 12). */
export function utcDay(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}

/** `date` moved by `days` whole days (negative: earlier). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}
