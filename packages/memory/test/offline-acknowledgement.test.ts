import { createOfflinePolicy } from "../src/ingest/offline/offline-policy";
import type { StoredMessage } from "../src/schema/message";

/** A stored message of `content` by `role`, as the ingest graph hands it to the policy. */
function message(content: string, role: "user" | "assistant"): StoredMessage {
  const speaker = role === "assistant" ? "Assistant" : "Ada";
  return { id: "m1", user_id: "ada", agent_id: "engram", session_id: "", role, speaker, content, timestamp: "2024-03-04T09:00:00Z", image_caption: "", image_url: "", ingested_at: "2024-03-04T09:00:00Z", seq: 0, processed_at: null, error: null };
}

describe("assistant acknowledgements (offline policy)", () => {
  const policy = createOfflinePolicy({ parseWorker: false });
  const episodic = async (content: string, role: "user" | "assistant" = "assistant") => (await policy.draft([message(content, role)])).episodic.map((candidate) => candidate.text);

  it.each([
    "Saved your work email.",
    "Saved your five deployment steps.",
    "Stored it in the vault.",
    "Thanks, I'll keep the link.",
    "I'll remember that.",
    "I've added it to your notes.",
    "Updated the staging key.",
    "What a view!",
    "Poor Pixel.",
    "Enjoy the classes!",
    "Sounds like a good balance.",
    "Congratulations on the move!",
    "Nice to meet you, Ada!",
    "That sounds great!",
    "Thanks for sharing!",
    "Interesting work!",
    "Good to know.",
  ])("drafts no memory from the assistant's %p", async (content) => {
    expect(await episodic(content)).toEqual([]);
  });

  it.each([
    ["After pushing the tag you run ./scripts/deploy.sh staging, watch Grafana, and deploy to production if staging stays healthy for an hour.", "Assistant: After pushing the tag you run ./scripts/deploy.sh staging, watch Grafana, and deploy to production if staging stays healthy for an hour."],
    ["I'll remind you on 18 May to buy flowers.", "Assistant will remind you on 18 May (18 May 2024) to buy flowers."],
    ["Saved you a seat next to Marta and João at the wedding.", "Assistant: Saved you a seat next to Marta and João at the wedding."],
    ["Your dentist is Dr. Silva, at the clinic in Braga.", "Assistant: Your dentist is Dr. Silva, at the clinic in Braga."],
  ])("keeps the assistant's %p, which carries information", async (content, expected) => {
    expect(await episodic(content)).toEqual([expected]);
  });

  it.each([
    "Sorry, the pharmacy closes at nine tonight.",
    "Oh, your passport expires in June.",
    "Good news: your package arrives on Friday.",
    "Great, your appointment moved to Friday.",
    "It's a vegetarian restaurant near the river.",
    "It's due on Friday.",
    "That's right, Marta lives in Porto.",
    "Thanks, your flight leaves from Terminal Two.",
    "Heads up, your rent goes up next month!",
    "Your train leaves from platform nine!",
    "Marta is coming to dinner too!",
    "Oh no, the museum is closed all week, so plan another day!",
    "Got it: short answers and TypeScript examples.",
    "Congratulations, that's a great time for a half marathon!",
    "Interesting fact: octopuses have three hearts.",
  ])("keeps the assistant's %p: a clause, date or name after any opener is a fact, not a reaction", async (content) => {
    expect(await episodic(content)).toHaveLength(1);
  });

  it.each(["Put the pan in the oven.", "Add the garlic last.", "Keep it in the fridge.", "Remember the store closes early.", "Note that the gym opens late."])(
    "keeps the assistant's instruction %p: a base form is a confirmation only after I'll or will",
    async (content) => {
      expect(await episodic(content)).toHaveLength(1);
    },
  );

  it("keeps every step of an assistant's how-to answer", async () => {
    const question = { ...message("How should I store my sourdough starter?", "user"), id: "m0" };
    const drafted = await policy.draft([question, message("Keep the starter in the fridge. Add flour and water once a week. Put it on the counter before baking.", "assistant")]);
    expect((drafted.procedural[0] as { steps?: string[] } | undefined)?.steps).toEqual(["Keep the starter in the fridge.", "Add flour and water once a week.", "Put it on the counter before baking."]);
  });

  it("keeps a user's exclamation and confirmation: the rule is the assistant's", async () => {
    expect(await episodic("What a view!", "user")).toEqual(["Ada: What a view!"]);
    expect(await episodic("Saved my work email in the vault.", "user")).toHaveLength(1);
  });
});
