import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Engram, SECRET_KEY_FILE, SecretCipher, ValidationError, WITHHELD_SECRET } from "../src/index";
import { grepFolder } from "@engram/testing";

const API_KEY = "sk-live-ZQ9xv7TQm2LpK4rW8yBnAa";
const PASSWORD = "Gl4ss-Otter-9917";
const EMAIL = "ada.secret.test@example.org";

const MESSAGES = [
  { id: "m1", speaker: "Ada", content: `My OpenAI key is ${API_KEY} and my email is ${EMAIL}.`, timestamp: "2024-03-01T10:00:00Z" },
  { id: "m2", speaker: "Ada", content: `My password for the wifi is ${PASSWORD}. I moved to Lisbon last month.`, timestamp: "2024-03-02T10:00:00Z" },
];

/** Secrets at rest: high-sensitivity values never reach a file of the store folder in plaintext. */
describe("secrets at rest", () => {
  let dir: string;
  let engram: Engram;
  const ada = { user_id: "ada" };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-secrets-"));
    engram = await Engram.open({ path: dir });
    await engram.add(MESSAGES, ada);
  });
  afterEach(async () => {
    await engram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("leaves no plaintext of a high-sensitivity value in any file of the store folder", async () => {
    const vault = await engram.list(ada, { type: "knowledge_vault" });
    const first = vault.find((item) => item.type === "knowledge_vault" && item.entry_type === "api_key")!;
    await engram.update(first.id, { importance: 0.95 }, ada);
    await engram.recall("What is my OpenAI key?", ada, { revealSecrets: true });
    await engram.optimize();
    expect(grepFolder(dir, API_KEY)).toEqual([]);
    expect(grepFolder(dir, PASSWORD)).toEqual([]);
    // Positive control: the grep does see plain values (a low-sensitivity email stays readable).
    expect(grepFolder(dir, EMAIL).length).toBeGreaterThan(0);
  });

  it("creates the store folder with mode 0700 (owner only)", async () => {
    const fresh = path.join(dir, "nested", "store");
    const other = await Engram.open({ path: fresh });
    await other.close();
    expect(fs.statSync(fresh).mode & 0o777).toBe(0o700);
  });

  it("creates the key file with mode 0600 on first use", () => {
    const stat = fs.statSync(path.join(dir, SECRET_KEY_FILE));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it("recalls a secret as its caption and a placeholder, unless asked to reveal it", async () => {
    const hidden = await engram.recall("What is my OpenAI key?", ada);
    expect(hidden.context).toContain(`Ada's API key (sk-): ${WITHHELD_SECRET}`);
    expect(hidden.context).not.toContain(API_KEY);
    expect(JSON.stringify(hidden.items)).not.toContain(API_KEY);
    const shown = await engram.recall("What is my OpenAI key?", ada, { revealSecrets: true });
    expect(shown.context).toContain(API_KEY);
  });

  it("returns sealed values from get, list, history and messages unless revealed", async () => {
    const [item] = (await engram.list(ada, { type: "knowledge_vault" })).filter((entry) => entry.type === "knowledge_vault" && entry.entry_type === "api_key");
    expect(item!.type === "knowledge_vault" && item!.secret.startsWith("enc:v1:")).toBe(true);
    expect(await engram.get(item!.id, ada, { revealSecrets: true })).toMatchObject({ secret: API_KEY });
    const history = await engram.history(item!.id, ada);
    expect(history[0]!.after).not.toContain(API_KEY);
    expect((await engram.history(item!.id, ada, { revealSecrets: true }))[0]!.after).toContain(API_KEY);
    const [stored] = await engram.messages(ada, { ids: ["m1"] });
    expect(stored!.content).toBe(`My OpenAI key is [api_key] and my email is ${EMAIL}.`);
    expect((await engram.messages(ada, { ids: ["m1"], revealSecrets: true }))[0]!.content).toBe(MESSAGES[0]!.content);
  });

  it("refuses to open a sealed value with another key", async () => {
    await engram.close();
    engram = await Engram.open({ path: dir, secretKey: randomBytes(32) });
    const [item] = (await engram.list(ada, { type: "knowledge_vault" })).filter((entry) => entry.type === "knowledge_vault" && entry.sensitivity === "high");
    await expect(engram.get(item!.id, ada, { revealSecrets: true })).rejects.toThrow(ValidationError);
  });
});

/** One key per store: a missing key file or a different key is refused once sealed values exist, with an error naming the fix. */
describe("the store's secret key", () => {
  let dir: string;
  const ada = { user_id: "ada" };
  const secretMessage = (id: string) => [{ id, speaker: "Ada", content: `My OpenAI key is sk-live-${id}Q9xv7TQm2LpK4rW8yBnAa.`, timestamp: "2024-03-01T10:00:00Z" }];
  const manifest = () => JSON.parse(fs.readFileSync(path.join(dir, "engram.json"), "utf8")) as { keyFingerprint?: string };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-keys-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("refuses to create a new key file when the store's key file was deleted, and keeps every later write out", async () => {
    const first = await Engram.open({ path: dir });
    await first.add(secretMessage("m1"), ada);
    await first.close();
    expect(manifest().keyFingerprint).toMatch(/^[0-9a-f]{32}$/);
    fs.rmSync(path.join(dir, SECRET_KEY_FILE));
    const second = await Engram.open({ path: dir });
    await expect(second.add(secretMessage("m2"), ada)).rejects.toThrow(/secret key file .* is missing.*restore the original secret\.key/);
    await expect(second.messages(ada, { revealSecrets: true })).rejects.toThrow(ValidationError);
    await second.close();
    expect(fs.existsSync(path.join(dir, SECRET_KEY_FILE))).toBe(false);
  });

  it("refuses a different ENGRAM_SECRET_KEY for new writes once values are sealed with another key", async () => {
    const first = await Engram.open({ path: dir, secretKey: randomBytes(32) });
    await first.add(secretMessage("m1"), ada);
    await first.close();
    const other = await Engram.open({ path: dir, secretKey: randomBytes(32) });
    await expect(other.add(secretMessage("m2"), ada)).rejects.toThrow(/sealed with a different secret key.*use the original key/);
    expect((await other.messages(ada)).map((message) => message.id)).toEqual(["m1"]);
    await other.close();
  });

  it("records the fingerprint on first use in a store made before fingerprints, then holds it to that key", async () => {
    const key = randomBytes(32);
    const first = await Engram.open({ path: dir, secretKey: key });
    await first.add(secretMessage("m1"), ada);
    await first.close();
    const { keyFingerprint: recorded, ...older } = manifest();
    fs.writeFileSync(path.join(dir, "engram.json"), JSON.stringify(older));
    const again = await Engram.open({ path: dir, secretKey: key });
    await again.add(secretMessage("m2"), ada);
    await again.close();
    expect(manifest().keyFingerprint).toBe(recorded);
  });
});

describe("SecretCipher", () => {
  it("round-trips, uses a fresh IV per value and detects tampering", async () => {
    const cipher = new SecretCipher(randomBytes(32).toString("hex"));
    const a = await cipher.seal("hunter2");
    const b = await cipher.seal("hunter2");
    expect(a).not.toBe(b);
    expect(await cipher.open(a)).toBe("hunter2");
    expect(await cipher.seal(a)).toBe(a);
    const parts = a.split(":");
    parts[4] = Buffer.from("hunter3").toString("base64");
    await expect(cipher.open(parts.join(":"))).rejects.toThrow(ValidationError);
    await expect(new SecretCipher("short").seal("x")).rejects.toThrow(ValidationError);
  });
});
