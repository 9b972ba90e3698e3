import { readCliConfig } from "../src/config";

describe("object-storage configuration", () => {
  it("keeps an object-store ENGRAM_DB as given and parses ENGRAM_STORAGE_OPTIONS", () => {
    const config = readCliConfig({ ENGRAM_DB: "s3://bucket/engram", ENGRAM_STORAGE_OPTIONS: '{"region":"eu-west-1","allow_http":"true"}' }, "/work");
    expect(config.defaultDb).toBe("s3://bucket/engram");
    expect(config.storageOptions).toEqual({ region: "eu-west-1", allow_http: "true" });
  });

  it("still resolves a local ENGRAM_DB against the working folder, without storage options", () => {
    const config = readCliConfig({ ENGRAM_DB: "data/engram" }, "/work");
    expect(config.defaultDb).toBe("/work/data/engram");
    expect(config.storageOptions).toBeUndefined();
  });

  it("names ENGRAM_STORAGE_OPTIONS when it is not a JSON object of strings", () => {
    expect(() => readCliConfig({ ENGRAM_STORAGE_OPTIONS: "region=eu" }, "/work")).toThrow("ENGRAM_STORAGE_OPTIONS");
    expect(() => readCliConfig({ ENGRAM_STORAGE_OPTIONS: '{"timeout":30}' }, "/work")).toThrow("ENGRAM_STORAGE_OPTIONS");
  });
});
