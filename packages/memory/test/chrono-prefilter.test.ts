import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { mayHoldChronoDate } from "../src/ingest/offline/resolve-dates";
import { parseLocomo } from "../src/io/locomo";

// chrono-node's own English dictionaries, read from the installed package (its exports map has no path to them).
const constants = require(join(dirname(require.resolve("chrono-node")), "locales/en/constants.js")) as Record<string, Record<string, unknown>>;
const chrono = require("chrono-node") as typeof import("chrono-node");

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");

describe("mayHoldChronoDate: the text resolveDates does not hand to chrono-node", () => {
  it("passes every word of chrono's month, weekday and casual vocabularies, and every time unit after a number or 'last'", () => {
    const words = [...Object.keys(constants.MONTH_DICTIONARY!), ...Object.keys(constants.WEEKDAY_DICTIONARY!), "weekend", "tonight", "yesterday", "tmrw", "overmorrow", "noon", "midday"];
    for (const word of words) expect([word, mayHoldChronoDate(`We met ${word}, it was fun`)]).toEqual([word, true]);
    for (const unit of Object.keys(constants.TIME_UNIT_DICTIONARY!)) {
      for (const phrase of [`a few ${unit} ago`, `last ${unit}`, `two ${unit} later`, `the ${unit} before`]) expect([phrase, mayHoldChronoDate(phrase)]).toEqual([phrase, true]);
    }
    // chrono reads these as dates too ("past y", "last s", "next w"): they must reach it.
    for (const text of ["I ate a pasty", "it lasts", "next w/ friends"]) expect(mayHoldChronoDate(text)).toBe(true);
  });

  it("holds back only text in which chrono finds nothing: every dev turn, its sentences and image captions", () => {
    const reference = new Date("2023-05-08T13:56:00Z");
    const texts = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8"))).flatMap((sample) =>
      sample.messages.flatMap((message) => [message.content, ...message.content.split(/(?<=[.!?])\s+/), message.image_caption ?? ""]),
    );
    const heldBack = texts.filter((text) => !mayHoldChronoDate(text));
    // Most chat sentences hold no time expression: the check pays for itself.
    expect(heldBack.length).toBeGreaterThan(texts.length / 2);
    expect(heldBack.filter((text) => chrono.casual.parse(text, reference).length > 0)).toEqual([]);
    expect(mayHoldChronoDate("I love painting with my kids")).toBe(false);
  });
});
