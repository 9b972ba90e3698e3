/** A small deterministic PRNG (mulberry32), so generated files are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ["Porto", "Lisbon", "Oslo", "Leeds", "Kyoto", "Austin", "Nairobi", "Lima"];
const HOBBIES = ["rock climbing", "painting", "sailing", "chess", "baking sourdough", "running", "pottery", "birdwatching"];
const PEOPLE = ["Maria", "Tom", "Aiko", "Sam", "Priya", "Lars"];

/** One line of an Engram JSONL import file. */
export interface GeneratedLine {
  id: string;
  user: string;
  role: "user" | "assistant";
  speaker: string;
  content: string;
  timestamp: string;
  session: string;
}

/**
 * A varied, deterministic conversation for load tests: facts that change (home, job), dated
 * events, hobbies, people, links and now and then a contact or a secret, `count` messages spread
 * over `users`, each with a unique `id`.
 */
export function generateConversation(count: number, users: string[], seed: number): GeneratedLine[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const lines: GeneratedLine[] = [];
  const start = Date.UTC(2023, 0, 1);
  for (let index = 0; index < count; index++) {
    const user = users[index % users.length]!;
    const n = Math.floor(index / users.length);
    const templates = [
      () => `I live in ${pick(PLACES)} now.`,
      () => `Yesterday I went ${pick(HOBBIES)} with ${pick(PEOPLE)} near ${pick(PLACES)}.`,
      () => `I love ${pick(HOBBIES)}, I do it every weekend.`,
      () => `My friend ${pick(PEOPLE)} is a nurse and lives in ${pick(PLACES)}.`,
      () => `Last week I read a great article: https://example.org/${user}/${n}`,
      () => `You can mail me at ${user}${n}@example.com or call +351 912 345 ${String(100 + (n % 900))}.`,
      () => `To bake bread: 1. mix flour and water 2. let it rise 3. bake for 40 minutes.`,
      () => `Thanks, that's great!`,
      () => `Next month I'm flying to ${pick(PLACES)} for a conference on ${pick(HOBBIES)}.`,
    ];
    lines.push({
      id: `${user}-${n}`,
      user,
      role: random() < 0.8 ? "user" : "assistant",
      speaker: user,
      content: pick(templates)(),
      timestamp: new Date(start + index * 3_600_000).toISOString(),
      session: `s${Math.floor(n / 40)}`,
    });
  }
  return lines;
}
