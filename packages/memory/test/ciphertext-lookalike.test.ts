import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { grepFolder } from "@engram/testing";
import { Engram, HashEmbedder, LanceDbMemoryStore, SecretCipher, type KnowledgeVaultItem } from "../src/index";

const NOW = "2024-05-02T10:00:00.000Z";
/** A user's value with the shape of a sealed value (`enc:v1:<iv>:<tag>:<ciphertext>`), sealed by no key. */
const LOOKALIKE = "enc:v1:QUFBQUFBQUFBQUFB:QkJCQkJCQkJCQkJCQkJCQg==:Q0NDQw==";

/** Issue 9, finding 8: sealing is decided by the key, not by the shape of the value. */
describe("a secret that merely looks like ciphertext", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-lookalike-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is sealed like any other, reads back as given, and keeps export working", async () => {
    const embedder = new HashEmbedder();
    const store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const engram = await Engram.open({ store, embedder });
    const item: KnowledgeVaultItem & { vector: number[] } = {
      id: "v1",
      user_id: "ada",
      agent_id: "engram",
      session_id: "",
      type: "knowledge_vault",
      text: "Ada's API key",
      created_at: NOW,
      updated_at: NOW,
      valid_from: NOW,
      valid_to: null,
      sources: ["m1"],
      key: "",
      importance: 0.9,
      access_count: 0,
      last_accessed_at: null,
      entry_type: "api_key",
      caption: "Ada's API key",
      sensitivity: "high",
      secret: LOOKALIKE,
      vector: (await embedder.embedMany(["Ada's API key"]))[0]!,
    } as KnowledgeVaultItem & { vector: number[] };
    await store.upsertItems("knowledge_vault", [item]);

    expect(grepFolder(dir, LOOKALIKE)).toEqual([]);
    const [revealed] = (await engram.list({ user_id: "ada" }, { type: "knowledge_vault", revealSecrets: true })) as KnowledgeVaultItem[];
    expect(revealed?.secret).toBe(LOOKALIKE);
    const exported = await engram.exportUser({ user_id: "ada" });
    expect(JSON.stringify(exported)).toContain(LOOKALIKE);
    await engram.close();
  });

  it("a value the cipher sealed itself is not sealed twice", async () => {
    const cipher = new SecretCipher(Buffer.alloc(32, 7));
    const sealed = await cipher.seal("sk-live-123");
    expect(await cipher.seal(sealed)).toBe(sealed);
    expect(await cipher.open(await cipher.seal(LOOKALIKE))).toBe(LOOKALIKE);
  });
});
