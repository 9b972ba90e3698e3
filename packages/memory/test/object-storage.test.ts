import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { Engram } from "../src/engram";
import { isObjectStoreUri } from "../src/store/object-store-uri";

const SECRET_KEY = "11".repeat(32);

describe("object storage", () => {
  it("tells object-store URIs from local folders", () => {
    expect(isObjectStoreUri("s3://bucket/engram")).toBe(true);
    expect(isObjectStoreUri("gs://bucket/engram")).toBe(true);
    expect(isObjectStoreUri("az://container/engram")).toBe(true);
    expect(isObjectStoreUri("S3://bucket")).toBe(true);
    expect(isObjectStoreUri("./.engram")).toBe(false);
    expect(isObjectStoreUri("/tmp/s3://x")).toBe(false);
    expect(isObjectStoreUri("file:///tmp/engram")).toBe(false);
    expect(isObjectStoreUri("http://example.com/engram")).toBe(false);
  });

  it("refuses an object-store URI without a secret key (no key file can be kept there)", async () => {
    await expect(Engram.open({ path: "s3://bucket/engram", storageOptions: { endpoint: "http://127.0.0.1:9" } })).rejects.toThrow("secret key");
  });

  describe("against a local S3-compatible server (s3rver)", () => {
    let server: S3rver;
    let directory: string;
    let storageOptions: Record<string, string>;

    beforeAll(async () => {
      directory = mkdtempSync(join(tmpdir(), "engram-s3rver-"));
      server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: "engram", configs: [] }] });
      const { port } = await server.run();
      storageOptions = {
        endpoint: `http://127.0.0.1:${port}`,
        allow_http: "true",
        aws_access_key_id: "S3RVER",
        aws_secret_access_key: "S3RVER",
        region: "us-east-1",
      };
    });

    afterAll(async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it("adds and recalls, and a second process sees the same memories", async () => {
      const scope = { user_id: "ada" };
      const writer = await Engram.open({ path: "s3://engram/store", storageOptions, secretKey: SECRET_KEY });
      try {
        await writer.add(
          [
            { id: "m1", role: "user", content: "I moved to Lisbon last month.", timestamp: "2024-05-02T10:00:00Z" },
            { id: "m2", role: "user", content: "My work email is ada@example.com.", timestamp: "2024-05-02T10:01:00Z" },
          ],
          scope,
        );
      } finally {
        await writer.close();
      }
      const reader = await Engram.open({ path: "s3://engram/store", storageOptions, secretKey: SECRET_KEY });
      try {
        const recalled = await reader.recall("Where does Ada live?", scope);
        expect(recalled.items.some((item) => item.sources.includes("m1"))).toBe(true);
        expect((await reader.stats(scope)).messages).toBe(2);
      } finally {
        await reader.close();
      }
    });
  });
});
