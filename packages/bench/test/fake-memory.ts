import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LocomoSample } from "@engram/memory";
import type { BenchMemory, BenchMemoryFactory } from "../src/bench-memory";

/**
 * A memory for tests: stores the messages as a JSON file in the store folder; recall returns
 * nothing below `fullRecallFrom` tokens of budget and every turn (with its source) from there on.
 */
export function fakeMemoryFactory(fullRecallFrom: number): BenchMemoryFactory & { opened: string[]; closed: number } {
  const state = { opened: [] as string[], closed: 0 };
  return {
    description: { system: "fake", policy: "none" },
    get opened() {
      return state.opened;
    },
    get closed() {
      return state.closed;
    },
    async open(storePath) {
      state.opened.push(storePath);
      let stored: LocomoSample["messages"] = [];
      return {
        async add(messages, _scope, options) {
          stored = [...messages];
          await writeFile(join(storePath, "messages.json"), "x".repeat(1234));
          options?.onProgress?.({ done: messages.length, total: messages.length });
          return { messages: { received: messages.length, stored: messages.length, skipped: 0 }, durationMs: 1, warnings: [] };
        },
        async recall(_query, _scope, { tokenBudget }) {
          if (tokenBudget < fullRecallFrom) return { context: "", tokens: 0, items: [] };
          const items = stored.map((message) => ({ type: "episodic", sources: [message.id], text: `${message.speaker}: ${message.content}` }));
          const context = items.map((item) => `${item.text} [${item.sources[0]}]`).join("\n");
          return { context, tokens: 0, items };
        },
        async stats() {
          return { messages: stored.length, episodic: stored.length };
        },
        close() {
          state.closed += 1;
        },
      };
    },
  };
}

/** `base` with each opened memory's methods replaced by `overrides(inner, storePath)` (the others kept); `open` itself runs `onOpen` first. */
export function wrapOpened(
  base: BenchMemoryFactory,
  overrides: (inner: BenchMemory, storePath: string) => Partial<BenchMemory>,
  onOpen: (storePath: string) => void = () => {},
): BenchMemoryFactory {
  return {
    ...base,
    description: base.description,
    async open(storePath, options) {
      onOpen(storePath);
      const inner = await base.open(storePath, options);
      return { ...inner, ...overrides(inner, storePath) };
    },
  };
}
