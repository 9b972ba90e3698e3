import { spawn } from "node:child_process";
import path from "node:path";
import { startTestServer, type TestServer } from "./helpers/test-server";

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await t.close();
});

/**
 * Runs the ES-module validator in a child process, asynchronously: blocking this process's event
 * loop would also stall the server under test, whose idle keep-alive sockets then close under the next request.
 */
function validateOpenApi(document: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "helpers/validate-openapi.mjs")], { cwd: __dirname, stdio: ["pipe", "pipe", "inherit"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`the validator exited with ${code}`))));
    child.stdin.end(JSON.stringify(document));
  });
}

const add = (token: string, messages: unknown[]) => t.call("/v1/messages", { method: "POST", token, json: { messages } });

describe("REST API", () => {
  test("round trip: add, recall finds it, patch, history shows the change, delete", async () => {
    const added = await add(t.tokens.alice, [{ id: "a1", content: "I adopted a greyhound called Biscuit.", timestamp: "2024-03-04T09:00:00Z", speaker: "Alice" }]);
    expect(added.status).toBe(200);
    expect((await added.json()).messages).toEqual({ received: 1, stored: 1, skipped: 0 });

    const recall = await t.call("/v1/recall", { method: "POST", token: t.tokens.alice, json: { query: "What is the name of my greyhound?", budget: 400 } });
    expect(recall.status).toBe(200);
    const recalled = (await recall.json()) as { context: string; tokens: number; items: { id: string; text: string; sources: string[] }[] };
    expect(Object.keys(recalled).sort()).toEqual(["context", "items", "relations", "tokens"]);
    const item = recalled.items.find((entry) => entry.text.includes("Biscuit"));
    expect(item?.sources).toContain("a1");

    const patched = await t.call(`/v1/memories/${encodeURIComponent(item!.id)}`, { method: "PATCH", token: t.tokens.alice, json: { text: "Alice adopted a greyhound called Pretzel." } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).text).toBe("Alice adopted a greyhound called Pretzel.");

    const detail = await (await t.call(`/v1/memories/${encodeURIComponent(item!.id)}`, { token: t.tokens.alice })).json();
    expect(detail.messages.map((message: { id: string }) => message.id)).toContain("a1");

    const history = await (await t.call(`/v1/memories/${encodeURIComponent(item!.id)}/history`, { token: t.tokens.alice })).json();
    const update = history.items.find((row: { event: string }) => row.event === "UPDATE");
    expect(JSON.parse(update.after).text).toBe("Alice adopted a greyhound called Pretzel.");
    expect(JSON.parse(update.before).text).not.toContain("Pretzel");

    expect((await t.call(`/v1/memories/${encodeURIComponent(item!.id)}`, { method: "DELETE", token: t.tokens.alice })).status).toBe(204);
    const gone = await t.call(`/v1/memories/${encodeURIComponent(item!.id)}`, { token: t.tokens.alice });
    expect(gone.status).toBe(404);
    expect(gone.headers.get("content-type")).toContain("application/problem+json");
    expect((await gone.json()).title).toBe("NotFoundError");
  });

  test("the OpenAPI document is valid OpenAPI 3.1 and lists every route", async () => {
    const response = await t.call("/openapi.json");
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    const result = JSON.parse(await validateOpenApi(document));
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ valid: true, version: "3.1" });
    expect(Object.keys(document.paths).sort()).toEqual(["/v1/export", "/v1/me", "/v1/memories", "/v1/memories/{id}", "/v1/memories/{id}/history", "/v1/messages", "/v1/recall", "/v1/stats", "/v1/users/me"]);
  });

  test("401 problem without a token or with a wrong one, for REST and MCP", async () => {
    for (const token of [undefined, "engram_not-a-real-token"]) {
      for (const [pathname, method] of [["/v1/stats", "GET"], ["/v1/memories", "GET"], ["/mcp", "POST"]] as const) {
        const response = await t.call(pathname, { method, token });
        expect(response.status).toBe(401);
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect((await response.json()).title).toBe("UnauthorizedError");
      }
    }
  });

  test("alice never reaches bob's items: 404 on his ids, nothing of his in recall or list", async () => {
    await add(t.tokens.bob, [{ id: "b1", content: "My locker code at the climbing gym is 4471 and I climb at Boulderhalle Zebra.", timestamp: "2024-03-05T10:00:00Z" }]);
    const bobItems = (await (await t.call("/v1/memories", { token: t.tokens.bob })).json()).items as { id: string; text: string }[];
    expect(bobItems.length).toBeGreaterThan(0);
    for (const bobItem of bobItems) {
      const id = encodeURIComponent(bobItem.id);
      for (const [pathname, method, json] of [[`/v1/memories/${id}`, "GET"], [`/v1/memories/${id}/history`, "GET"], [`/v1/memories/${id}`, "PATCH", { text: "hijacked" }], [`/v1/memories/${id}`, "DELETE"]] as const) {
        const response = await t.call(pathname, { method, token: t.tokens.alice, json });
        expect(response.status).toBe(404);
        expect(JSON.stringify(await response.json())).not.toContain("Zebra");
      }
    }
    const recall = await (await t.call("/v1/recall", { method: "POST", token: t.tokens.alice, json: { query: "climbing gym locker code Zebra" } })).json();
    expect(JSON.stringify(recall)).not.toMatch(/Zebra|4471/);
    const listed = await (await t.call("/v1/memories?search=climbing%20Zebra", { token: t.tokens.alice })).json();
    expect(JSON.stringify(listed)).not.toMatch(/Zebra|4471/);
    expect(JSON.stringify(await (await t.call("/v1/memories", { token: t.tokens.alice })).json())).not.toContain("Zebra");
    // Naming bob does not help a plain token; an admin token may.
    expect((await t.call("/v1/memories?user=bob", { token: t.tokens.alice })).status).toBe(403);
    const asAdmin = await (await t.call("/v1/memories?user=bob", { token: t.tokens.admin })).json();
    expect(JSON.stringify(asAdmin)).toContain("Zebra");
    // Bob's item is untouched.
    expect((await t.call(`/v1/memories/${encodeURIComponent(bobItems[0]!.id)}`, { token: t.tokens.bob })).status).toBe(200);
  });

  test("a read-only token cannot write", async () => {
    const response = await add(t.tokens.aliceReadOnly, [{ content: "hello" }]);
    expect(response.status).toBe(403);
    expect((await t.call("/v1/stats", { token: t.tokens.aliceReadOnly })).status).toBe(200);
  });

  test("413 problem for a body over the limit; 400 ValidationError with issues for a bad body", async () => {
    const big = await add(t.tokens.alice, [{ content: "x".repeat(100 * 1024) }]);
    expect(big.status).toBe(413);
    expect((await big.json()).title).toBe("PayloadTooLargeError");
    const bad = await add(t.tokens.alice, [{ role: "robot", content: "" }]);
    expect(bad.status).toBe(400);
    const problem = await bad.json();
    expect(problem.title).toBe("ValidationError");
    expect(problem.issues.join("\n")).toMatch(/role/);
  });

  test("export and forget act on the token's user only (an admin names carol)", async () => {
    const admin = (pathname: string, init: Parameters<TestServer["call"]>[1] = {}) => t.call(pathname, { ...init, token: t.tokens.admin });
    expect((await admin("/v1/messages?user=carol", { method: "POST", json: { messages: [{ id: "c1", content: "I keep bees on my allotment in Leeds." }] } })).status).toBe(200);
    const exported = await admin("/v1/export?user=carol", { method: "POST" });
    expect(exported.headers.get("content-type")).toContain("application/x-ndjson");
    const records = (await exported.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(records[0]).toMatchObject({ kind: "engram-export", user_id: "carol" });
    expect(records.some((record) => record.kind === "message" && record.id === "c1")).toBe(true);
    expect(JSON.stringify(records)).not.toMatch(/Biscuit|Zebra/);

    const forgotten = await (await admin("/v1/users/me?user=carol", { method: "DELETE" })).json();
    expect(forgotten.messages).toBe(1);
    const stats = await (await admin("/v1/stats?user=carol")).json();
    expect(Object.values(stats).every((count) => count === 0)).toBe(true);
    expect((await (await t.call("/v1/stats", { token: t.tokens.bob })).json()).messages).toBe(1);
  });
});
