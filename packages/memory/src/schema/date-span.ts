import { z } from "zod";

/**
 * How precise an event's date is, coarsest last. An event dated with a coarser precision covers a
 * span: `week` Monday to Monday, `month` its calendar month, `season` three months (spring from
 * March, summer from June, autumn from September, winter from December), `year` its calendar year.
 */
export const DATE_PRECISIONS = ["day", "week", "month", "season", "year"] as const;
export const DatePrecisionSchema = z.enum(DATE_PRECISIONS);
export type DatePrecision = z.infer<typeof DatePrecisionSchema>;

/** An event's time span: `start` inclusive, `end` exclusive, both ISO 8601 UTC. */
export interface DateSpan {
  start: string;
  end: string;
  precision: DatePrecision;
}

const DAY_MS = 86_400_000;
const SEASON_NAMES: Record<number, string> = { 2: "spring", 5: "summer", 8: "autumn", 11: "winter" };
const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const MONTH_FORMAT = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

/**
 * The span of the given precision that contains `date` (UTC): a day keeps the date-time as its
 * start and ends at the next midnight; a week starts on its Monday; a month on its 1st; a season on the
 * 1st of its first month (a January date belongs to the winter that began in December); a year on
 * 1 January.
 */
export function dateSpan(date: Date, precision: DatePrecision): DateSpan {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  let start: Date;
  let end: Date;
  switch (precision) {
    case "day":
      start = date;
      end = new Date(Date.UTC(year, month, date.getUTCDate() + 1));
      break;
    case "week": {
      const midnight = Date.UTC(year, month, date.getUTCDate());
      const sinceMonday = (date.getUTCDay() + 6) % 7;
      start = new Date(midnight - sinceMonday * DAY_MS);
      end = new Date(start.getTime() + 7 * DAY_MS);
      break;
    }
    case "month":
      start = new Date(Date.UTC(year, month, 1));
      end = new Date(Date.UTC(year, month + 1, 1));
      break;
    case "season": {
      // Seasons start in March (2), June (5), September (8) and December (11), 0-based months.
      const first = month < 2 ? -1 : month - ((month - 2) % 3);
      start = new Date(Date.UTC(year, first, 1));
      end = new Date(Date.UTC(year, first + 3, 1));
      break;
    }
    case "year":
      start = new Date(Date.UTC(year, 0, 1));
      end = new Date(Date.UTC(year + 1, 0, 1));
      break;
  }
  return { start: start.toISOString(), end: end.toISOString(), precision };
}

/**
 * An event's span as people say it: `the week of 16 January 2023`, `January 2023`, `summer 2022`,
 * `winter 2022/23`, `2022`; a day as `16 January 2023`.
 */
export function formatDateSpan(start: string, precision: DatePrecision): string {
  const date = new Date(start);
  switch (precision) {
    case "day":
      return DAY_FORMAT.format(date);
    case "week":
      return `the week of ${DAY_FORMAT.format(date)}`;
    case "month":
      return MONTH_FORMAT.format(date);
    case "season": {
      const year = date.getUTCFullYear();
      const name = SEASON_NAMES[date.getUTCMonth()] ?? "season of";
      return name === "winter" ? `winter ${year}/${String(year + 1).slice(2)}` : `${name} ${year}`;
    }
    case "year":
      return String(date.getUTCFullYear());
  }
}

/**
 * The span fields of an episodic item from its `occurred_at` and `occurred_precision` (default
 * `day`): `occurred_at` moved to the span's start, `occurred_end` its end; both null when
 * `occurred_at` is.
 */
export function withEventSpan(occurredAt: string | null, precision: DatePrecision = "day"): { occurred_at: string | null; occurred_precision: DatePrecision; occurred_end: string | null } {
  const time = occurredAt === null ? NaN : Date.parse(occurredAt);
  if (Number.isNaN(time)) return { occurred_at: null, occurred_precision: precision, occurred_end: null };
  const span = dateSpan(new Date(time), precision);
  return { occurred_at: span.start, occurred_precision: precision, occurred_end: span.end };
}
