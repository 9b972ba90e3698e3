import { mkdtemp, mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { startTestServer, type TestServer } from "./helpers/test-server";

// Starting a browser takes seconds on a busy machine.
jest.setTimeout(180_000);

/** Debian's chromium (`.ci/run` installs it): Playwright's own browser download cannot work offline. */
const CHROMIUM = process.env.ENGRAM_CHROMIUM ?? "/usr/bin/chromium";
/** Where the screenshot goes: the test's output folder, apps/server/test-output/ (git-ignored). */
const OUTPUT_DIR = path.resolve(__dirname, "../test-output/memory-browser");
/** Bob's words: none may ever appear on alice's page. */
const BOB_WORDS = /Zebra|4471|Boulderhalle|bob/i;
/** Alice's API key: the vault shows its caption, never the value. */
const ALICE_SECRET = "sk-demo-4f9a8b7c6d5e4f3a2b1c0d9e";

let t: TestServer;
let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  t = await startTestServer();
  await t.engram.add(
    [
      { id: "a1", content: "I adopted a greyhound called Biscuit.", timestamp: "2024-03-04T09:00:00Z", speaker: "Alice" },
      { id: "a2", content: "Yesterday I ran the Porto half marathon in 1:52.", timestamp: "2024-03-04T09:05:00Z", speaker: "Alice" },
      { id: "a3", content: "I work as a nurse at Santa Maria hospital.", timestamp: "2024-03-05T18:00:00Z", speaker: "Alice" },
      { id: "a4", content: `My OpenAI API key is ${ALICE_SECRET}`, timestamp: "2024-03-06T08:00:00Z", speaker: "Alice" },
    ],
    { user_id: "alice" },
    { flush: true },
  );
  await t.engram.add([{ id: "b1", content: "My locker code at Boulderhalle Zebra is 4471.", timestamp: "2024-03-05T10:00:00Z" }], { user_id: "bob" }, { flush: true });
  userDataDir = await mkdtemp(path.join(os.tmpdir(), "engram-chromium-"));
  await mkdir(OUTPUT_DIR, { recursive: true });
  // A fresh --user-data-dir: Playwright passes the folder given here as that flag.
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
  });
});

afterAll(async () => {
  await context?.close();
  await t?.close();
  if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
});

async function expectNoBobData(page: Page): Promise<void> {
  const text = await page.locator("body").textContent();
  expect(text).not.toMatch(BOB_WORDS);
  expect(text).not.toContain(ALICE_SECRET.slice(8));
}

test("memory browser on a phone-width screen: sign in, search, open, edit, delete another; no console error, nothing of bob", async () => {
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));

  await page.goto(`${t.server.url}/`);
  await page.getByLabel("Access token").fill(t.tokens.alice);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Signed in as alice").waitFor();
  await page.getByRole("tab", { name: /Semantic \(\d+\)/ }).waitFor();
  await expectNoBobData(page);

  // Search: the same recall as agents get, with the packed context.
  await page.getByLabel("Search memory").fill("What is the name of my greyhound?");
  await page.getByRole("button", { name: "Search" }).click();
  const hit = page.locator("#result-items button", { hasText: "Biscuit" }).first();
  await hit.waitFor();
  expect(await page.locator("#context").textContent()).toContain("Biscuit");
  await expectNoBobData(page);

  // Open the item: its sources are the original message; edit it.
  await hit.click();
  const detail = page.getByRole("dialog", { name: /memory/ });
  await detail.waitFor();
  await detail.locator("#detail-sources", { hasText: "I adopted a greyhound called Biscuit." }).waitFor();
  await detail.getByLabel("Text").fill("Alice adopted a greyhound called Pretzel.");
  await detail.getByRole("button", { name: "Save" }).click();
  await detail.locator("#detail-history", { hasText: "UPDATE" }).waitFor();
  await detail.locator("#detail-fields", { hasText: "Pretzel" }).waitFor();
  const editedId = await detail.locator("#detail-fields dd").last().textContent();
  await page.screenshot({ path: path.join(OUTPUT_DIR, "memory-browser-detail-phone.png") });
  await detail.getByRole("button", { name: "Close" }).click();

  // Delete another item, through the confirmation dialog.
  await page.getByRole("tab", { name: /Episodic/ }).click();
  const marathon = page.locator('#panel[data-type="episodic"] button', { hasText: "marathon" }).first();
  await marathon.click();
  await detail.waitFor();
  const deletedId = await detail.locator("#detail-fields dd").last().textContent();
  expect(deletedId).not.toBe(editedId);
  await detail.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Are you sure?" }).getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("status").filter({ hasText: "Deleted." }).waitFor();
  await expect(page.locator(`#panel button[data-id="${deletedId}"]`).count()).resolves.toBe(0);
  await expectNoBobData(page);

  // The knowledge vault: a caption, the value withheld, also in the item's detail.
  await page.getByRole("tab", { name: /Knowledge vault \(1\)/ }).click();
  await page.locator('#panel[data-type="knowledge_vault"] button').first().click();
  await detail.locator("#detail-fields", { hasText: "[withheld]" }).waitFor();
  await expectNoBobData(page);
  await detail.getByRole("button", { name: "Close" }).click();

  const screenshot = path.join(OUTPUT_DIR, "memory-browser-phone.png");
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();

  // The page did what it showed: the edit and the delete reached the store.
  expect((await t.engram.get(editedId!, { user_id: "alice" })).text).toBe("Alice adopted a greyhound called Pretzel.");
  await expect(t.engram.get(deletedId!, { user_id: "alice" })).rejects.toThrow(/no memory item/);
  expect(consoleErrors).toEqual([]);
});
