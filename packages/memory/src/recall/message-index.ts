import type { StoredMessage } from "../schema/message";

/** A message list indexed by id and by arrival order (`seq`). */
export interface MessageIndex {
  byId: Map<string, StoredMessage>;
  bySeq: Map<number, StoredMessage>;
}

/** Indexes of a cached message list, built once per list (the cache replaces a list when the table moves, never changes it). */
const indexes = new WeakMap<readonly StoredMessage[], MessageIndex>();

/** `messages` indexed by id and by `seq`, built once per list object and remembered while the list lives. */
export function indexMessages(messages: readonly StoredMessage[]): MessageIndex {
  let index = indexes.get(messages);
  if (!index) {
    index = { byId: new Map(messages.map((message) => [message.id, message])), bySeq: new Map(messages.map((message) => [message.seq, message])) };
    indexes.set(messages, index);
  }
  return index;
}

/**
 * A turn that asks something, anywhere in it (`What concert was it? The advocacy event was a cool
 * experience`): the turn after it most often answers. A question mark ends a word or clause
 * (fullwidth `？` too), not one inside a link's query or inline code. Counting only turns that end
 * in a question measured recall@1500 0.886 and coverage 0.831, against 0.891 and 0.833 (session
 * neighbours, LoCoMo dev set).
 */
export function asksQuestion(message: Pick<StoredMessage, "content">): boolean {
  return /[?？](?=\s|$|["'”’)\]])/u.test(message.content.replace(/\bhttps?:\/\/\S+|`[^`]*`/g, " "));
}
