// Jest runs each test file in its own V8 context, so typed arrays made by native addons
// (onnxruntime-node) fail `instanceof Float32Array` checks made inside the test's context. This
// environment shares the outer context's typed-array constructors with the tests.
const { TestEnvironment } = require("jest-environment-node");

const SHARED = ["ArrayBuffer", "Float32Array", "Float64Array", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array"];

class TypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED) this.global[name] = globalThis[name];
  }
}

module.exports = TypedArrayEnvironment;
