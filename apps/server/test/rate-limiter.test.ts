import { FailureRateLimiter } from "../src";
import { startTestServer } from "./helpers/test-server";

test("a key is blocked after maxFailures within the window, and free again after it", () => {
  let now = 0;
  const limiter = new FailureRateLimiter({ maxFailures: 3, windowMs: 10_000, now: () => now });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
    limiter.recordFailure("10.0.0.1");
  }
  expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(10);
  expect(limiter.retryAfterSeconds("10.0.0.2")).toBe(0);
  now = 10_000;
  expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
});

test("the server answers 429 with Retry-After once an address failed too often, even for a valid token", async () => {
  const t = await startTestServer();
  try {
    for (let attempt = 0; attempt < 10; attempt += 1) expect((await t.call("/v1/stats", { token: `engram_wrong${attempt}` })).status).toBe(401);
    const blocked = await t.call("/v1/stats", { token: t.tokens.alice });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await blocked.json()).title).toBe("RateLimitedError");
  } finally {
    await t.close();
  }
});
