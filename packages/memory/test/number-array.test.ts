import { numberArray } from "../src/util/number-array";

describe("numberArray", () => {
  it("copies a typed array, or a slice of one, into the plain array Array.from gives", () => {
    const floats = new Float32Array([0.1, -2.5, 1e-7, 3.4028234663852886e38, 0]);
    expect(numberArray(floats)).toEqual(Array.from(floats));
    expect(numberArray(floats.subarray(1, 3))).toEqual([-2.5, Math.fround(1e-7)]);
    expect(Array.isArray(numberArray(floats))).toBe(true);
    expect(numberArray(new Float32Array(0))).toEqual([]);
  });
});
