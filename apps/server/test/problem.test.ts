import { ClosedError, StoreError, ValidationError } from "@engram/memory";
import { problemFromError } from "../src/http/problem";

describe("problemFromError", () => {
  it("answers a call refused by a closing Engram with 503, so a client retries elsewhere", () => {
    expect(problemFromError(new ClosedError("recall"))).toMatchObject({ status: 503, title: "ClosedError" });
  });

  it("keeps 400 for bad input and a generic 500 without the message for unknown errors", () => {
    expect(problemFromError(new ValidationError("bad scope"))).toMatchObject({ status: 400 });
    const unknown = problemFromError(new Error("Ada's secret"));
    expect(unknown.status).toBe(500);
    expect(JSON.stringify(unknown)).not.toContain("secret");
    expect(problemFromError(new StoreError("disk", { storeName: "semantic" })).status).toBe(503);
  });
});
