import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseLocomo } from "../src/io/locomo";
import { deriveTopics } from "../src/recall/derive-topics";

const DEV_FILE = join(__dirname, "../../../../shared/data/locomo/locomo-dev.json");
const samples = parseLocomo(JSON.parse(readFileSync(DEV_FILE, "utf8")));
const now = new Date("2024-01-01T00:00:00Z");

describe("deriveTopics remembers the terms of recent texts", () => {
  it("gives the same topics the second time for every dev question, and a caller's edits do not leak", () => {
    const questions = samples.flatMap((sample) => sample.questions.map((question) => question.question));
    expect(questions.length).toBeGreaterThan(200);
    for (const question of questions) {
      const first = deriveTopics(question, [], now);
      const again = deriveTopics(question, [], now);
      expect(again).toEqual(first);
      first.keywords.push("edited");
      first.entities.length = 0;
      expect(deriveTopics(question, [], now)).toEqual(again);
    }
  });

  it("derives from the recent turns too, and resolves the time range against each call's now", () => {
    const turns = samples[0]!.messages.slice(0, 3).map((message) => message.content);
    const first = deriveTopics("What did she do last week?", turns, now);
    expect(deriveTopics("What did she do last week?", turns, now)).toEqual(first);
    expect(deriveTopics("What did she do last week?", turns.slice(0, 1), now).searchText).not.toBe(first.searchText);
    const later = deriveTopics("What did she do last week?", turns, new Date("2024-03-01T00:00:00Z"));
    expect(later.keywords).toEqual(first.keywords);
    expect(later.timeRange).not.toEqual(first.timeRange);
  });
});
