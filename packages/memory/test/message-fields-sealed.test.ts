import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ChatOpenAI } from "@langchain/openai";
import { memoryModelReplies, startOpenAiStub, type OpenAiStub } from "@engram/testing";
import { Engram } from "../src/index";
import { grepFolder } from "@engram/testing";

/** One secret per free-text field of a message. */
const CONTENT_KEY = "sk-live-ContentQ8wErTy12zXcV";
const CAPTION_KEY = "sk-live-CaptionP3mLkJh45gFdS";
const URL_TOKEN = "ghp_UrlTokenA1b2C3d4E5f6G7h8I9j0KlMnOp";
const SPEAKER_KEY = "sk-live-SpeakerR7tYuI89oPaSd";

const MESSAGE = {
  id: "m1",
  speaker: `Ada ${SPEAKER_KEY}`,
  content: `My OpenAI key is ${CONTENT_KEY}. Here is the photo from our trip to Lisbon.`,
  image_caption: `a laptop screen showing the key ${CAPTION_KEY} next to a beach in Lisbon`,
  image_url: `https://photos.example.org/lisbon.jpg?token=${URL_TOKEN}`,
  timestamp: "2024-03-01T10:00:00Z",
};
const SECRETS = { content: CONTENT_KEY, image_caption: CAPTION_KEY, image_url: URL_TOKEN, speaker: SPEAKER_KEY };

/** Every free-text field of a message (content, image_caption, image_url, speaker) is masked and sealed, not just content. */
describe("secrets in every free-text field of a message", () => {
  let dir: string;
  let engram: Engram;
  let stub: OpenAiStub | undefined;
  const ada = { user_id: "ada" };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-fields-"));
  });
  afterEach(async () => {
    await engram.close();
    await stub?.close();
    stub = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no plaintext of a secret in any field in any file of the store, in recall, or in listed messages; reveal returns each field as given", async () => {
    engram = await Engram.open({ path: dir });
    await engram.add([MESSAGE], ada);
    const recalled = await engram.recall("What did the photo from Lisbon show?", ada);
    await engram.optimize();
    for (const [field, secret] of Object.entries(SECRETS)) {
      expect([field, grepFolder(dir, secret)]).toEqual([field, []]);
      expect([field, recalled.context.includes(secret)]).toEqual([field, false]);
    }
    const [listed] = await engram.messages(ada);
    expect(JSON.stringify(listed)).not.toMatch(/sk-live-|ghp_/);
    const [revealed] = await engram.messages(ada, { revealSecrets: true });
    expect({ speaker: revealed!.speaker, content: revealed!.content, image_caption: revealed!.image_caption, image_url: revealed!.image_url }).toEqual({
      speaker: MESSAGE.speaker,
      content: MESSAGE.content,
      image_caption: MESSAGE.image_caption,
      image_url: MESSAGE.image_url,
    });
  });

  it("sends no secret of any field in a model's prompt (stub-recorded requests)", async () => {
    stub = await startOpenAiStub({ chat: memoryModelReplies() });
    const chatModel = new ChatOpenAI({ model: "stub-model", apiKey: "test", configuration: { baseURL: stub.baseURL }, maxRetries: 0 });
    engram = await Engram.open({ path: dir, chatModel, llm: { retryBaseDelayMs: 1 } });
    await engram.add([MESSAGE], ada);
    await engram.recall("What did the photo from Lisbon show?", ada);
    expect(stub.requests.length).toBeGreaterThan(0);
    const bodies = stub.requests.map((request) => JSON.stringify(request.body)).join("\n");
    for (const [field, secret] of Object.entries(SECRETS)) expect([field, bodies.includes(secret)]).toEqual([field, false]);
  });
});
