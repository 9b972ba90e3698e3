import { ClosedError, EngramError, ModelError, ModelOutputError, NotConfiguredError, NotFoundError, StoreError, ValidationError } from "../src/index";

describe("error isInstance markers", () => {
  const errors = {
    ValidationError: new ValidationError("bad"),
    NotFoundError: new NotFoundError("m1"),
    StoreError: new StoreError("down", { storeName: "semantic" }),
    NotConfiguredError: new NotConfiguredError("openai", "no key"),
    ModelError: new ModelError("timeout", { modelId: "m" }),
    ModelOutputError: new ModelOutputError("invalid", { modelId: "m", issues: [] }),
    ClosedError: new ClosedError("add"),
  };
  const checks = { ValidationError, NotFoundError, StoreError, NotConfiguredError, ModelError, ModelOutputError, ClosedError };

  it("recognizes each class and its subclasses, and nothing else", () => {
    for (const [name, error] of Object.entries(errors)) {
      expect(EngramError.isInstance(error)).toBe(true);
      for (const [checkName, check] of Object.entries(checks)) {
        const expected = checkName === name || (checkName === "ModelError" && name === "ModelOutputError");
        expect([name, checkName, check.isInstance(error)]).toEqual([name, checkName, expected]);
      }
    }
  });

  it("does not go by name: a plain Error named like a class is not one", () => {
    const impostor = Object.assign(new Error("x"), { name: "ValidationError" });
    expect(ValidationError.isInstance(impostor)).toBe(false);
    expect(EngramError.isInstance(impostor)).toBe(false);
  });

  it("works across copies of the package (markers are Symbol.for keys)", () => {
    const copy = { [Symbol.for("engram.error")]: true, [Symbol.for("engram.error.ModelError")]: true, name: "ModelOutputError" };
    expect(ModelError.isInstance(copy)).toBe(true);
    expect(ModelOutputError.isInstance(copy)).toBe(false);
  });
});
