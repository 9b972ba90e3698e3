import type { MessageInput } from "../src/index";

/** A promise with its `resolve`, for holding a call at a chosen point of a test. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** `count` messages of Ada, ids `m1`…, one timestamp: enough rows for a multi-batch add. */
export const numberedMessages = (count: number): MessageInput[] =>
  Array.from({ length: count }, (_, index) => ({ id: `m${index + 1}`, role: "user", speaker: "Ada", content: `Ada's note number ${index + 1} is about the garden.`, timestamp: "2024-05-02T10:00:00Z" }));
