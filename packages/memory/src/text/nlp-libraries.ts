import type * as Chrono from "chrono-node";
import type Compromise from "compromise";

// compromise builds its lexicon when it loads and chrono-node compiles its parsers: together about
// half a second of CPU. They are required on first use, so importing @engram/memory (and CLI
// commands that never parse text, such as `engram stats`) does not pay for them.

let compromise: typeof Compromise | undefined;

/** compromise's `nlp(text)` (https://github.com/spencermountain/compromise), loaded on first call. */
export function nlp(text: string): ReturnType<typeof Compromise> {
  return compromiseModule()(text);
}

/** The compromise module itself (its `model()` and `methods()`), loaded on first call. */
export function compromiseModule(): typeof Compromise {
  if (compromise === undefined) {
    // Its CommonJS build is an ES-module interop object ({ default }); some loaders (jest) hand back the function itself.
    const loaded = require("compromise") as typeof Compromise | { default: typeof Compromise };
    compromise = typeof loaded === "function" ? loaded : loaded.default;
  }
  return compromise;
}

/** The chrono-node module (https://github.com/wanasit/chrono), loaded on first call. */
export function loadChrono(): typeof Chrono {
  return require("chrono-node");
}
