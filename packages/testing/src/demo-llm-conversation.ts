/** A message as `Engram.add` takes it (the fields this fixture uses). */
export interface ConversationMessage {
  id: string;
  role: "user" | "assistant";
  speaker: string;
  content: string;
  /** ISO 8601. */
  timestamp: string;
  session_id: string;
}

/** Secrets said in {@link llmConversation}; none may reach the model. */
export const CONVERSATION_SECRETS = {
  apiKey: "sk-proj-A1b2C3d4E5f6G7h8I9j0KLMNOP",
  email: "ada.lovelace@example.org",
  card: "4111 1111 1111 1111",
  password: "Tr0ub4dor&3x",
  phone: "+351 912 345 678",
};

const USER_TURNS = [
  "Hi! I'm Ada, I live in Porto and I work at Finch Labs as a data engineer.",
  "Yesterday I ran the Porto half marathon in 1:52.",
  `My OpenAI API key is ${CONVERSATION_SECRETS.apiKey}, keep it safe please.`,
  "My sister Grace is visiting next weekend.",
  `You can mail me at ${CONVERSATION_SECRETS.email} for the report.`,
  "To deploy the pipeline: 1. run the tests 2. build the image 3. push to the registry 4. restart the workers.",
  "I'm reading 'The Left Hand of Darkness' at the moment.",
  "Last Tuesday I adopted a cat named Miso.",
  `The wifi password is ${CONVERSATION_SECRETS.password}`,
  "Grace and I went hiking in Gerês on Sunday.",
  `My card number is ${CONVERSATION_SECRETS.card}, it expires next year.`,
  "I started learning the cello two weeks ago.",
  "Finch Labs builds fraud detection for small banks.",
  `Call me at ${CONVERSATION_SECRETS.phone} if the build breaks.`,
  "I prefer short, direct answers.",
  "Miso knocked my coffee over this morning.",
  "Next month I will give a talk at PyData Lisbon.",
  "Grace works as a nurse in Braga.",
  "I finished 'The Left Hand of Darkness' last night, it was wonderful.",
  "We moved the standup to 9:30 starting Monday.",
];

/**
 * A 40-message conversation between Ada and her assistant (20 turns each, 10 minutes apart on
 * 4 March 2024), with secrets of five kinds in five of Ada's turns.
 */
export function llmConversation(): ConversationMessage[] {
  const messages: ConversationMessage[] = [];
  const start = Date.parse("2024-03-04T09:00:00Z");
  USER_TURNS.forEach((content, index) => {
    const at = start + index * 20 * 60_000;
    messages.push({ id: `D1:${2 * index + 1}`, role: "user", speaker: "Ada", content, timestamp: new Date(at).toISOString(), session_id: "session_1" });
    messages.push({
      id: `D1:${2 * index + 2}`,
      role: "assistant",
      speaker: "Assistant",
      content: `Noted, Ada. (${index + 1})`,
      timestamp: new Date(at + 60_000).toISOString(),
      session_id: "session_1",
    });
  });
  return messages;
}
