import type { LocomoSample } from "@engram/memory";
import { scaleLevels, type ScaleLevel } from "../src/scale/run-scale";
import { renameSample } from "../src/scale/scale-data";
import { renderScaleChart, renderScaleMarkdown } from "../src/scale/scale-report";

const sample = {
  sample_id: "conv-1",
  messages: [
    { id: "D1:1", role: "user", speaker: "Caroline", content: "Hi Melanie, Caroline here. Carolines are rare.", timestamp: "2023-05-08T13:56:00.000Z" },
    { id: "D1:2", role: "assistant", speaker: "Melanie", content: "Hey Caroline!", timestamp: "2023-05-08T13:57:00.000Z" },
  ],
  questions: [{ question: "When did Caroline meet Melanie?", answer: "Caroline met her in May", evidence: ["D1:1"], category: 2 }],
} as unknown as LocomoSample;

describe("scale bench", () => {
  it("measures the standard levels below the target, then the target", () => {
    expect(scaleLevels(100_000)).toEqual([10_000, 100_000]);
    expect(scaleLevels(1_000_000)).toEqual([10_000, 100_000, 1_000_000]);
    expect(scaleLevels(25_000)).toEqual([10_000, 25_000]);
    expect(scaleLevels(5_000)).toEqual([5_000]);
  });

  it("renames each copy's speakers everywhere, whole words only, as another user", () => {
    const first = renameSample(sample, 1);
    const second = renameSample(sample, 2);
    expect(first.sample_id).toBe("conv-1-copy1");
    expect(first.messages.map((message) => message.speaker)).toEqual(["Casey1", "Devon1"]);
    expect(first.messages[0]!.content).toBe("Hi Devon1, Casey1 here. Carolines are rare.");
    expect(first.questions[0]!.question).toBe("When did Casey1 meet Devon1?");
    expect(first.messages.map((message) => message.id)).toEqual(["D1:1", "D1:2"]);
    expect(second.messages[0]!.speaker).not.toBe(first.messages[0]!.speaker);
  });

  it("writes a table row and a latency point per level", () => {
    const level = (rows: number, p50: number): ScaleLevel => ({
      rows,
      users: 3,
      recall_p50_ms: p50,
      recall_p95_ms: p50 * 2,
      ingest_messages_per_second: 100,
      bytes_per_1000: 5000,
      peak_rss_mb: 300,
      open_ms: 12,
      ann_index: rows >= 100_000 ? ["episodic"] : [],
      scalar_index: rows >= 100_000 ? ["episodic"] : [],
      evidence_recall: { default: 0.7, lancedb_exact: 0.7, lancedb_ann: rows >= 100_000 ? 0.69 : null, lancedb_routed: 0.7 },
    });
    const levels = [level(10_000, 8), level(100_000, 20)];
    const markdown = renderScaleMarkdown(levels, { command: "pnpm bench:scale --rows 100000", date: "2026-01-01" });
    expect(markdown).toContain("| 100000 | 3 | 20 | 40 |");
    expect(markdown).toContain("| episodic | episodic | 0.7 / 0.7 / 0.69 / 0.7 |");
    expect(markdown).toContain("| none | none | 0.7 / 0.7 / n/a / 0.7 |");
    const svg = renderScaleChart(levels);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain("<polyline");
  });
});
