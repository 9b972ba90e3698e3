#!/usr/bin/env node
// Copies the files tsc does not emit into dist/: every src/**/*.cjs and src/**/*.json, each to the place beside its
// compiled module that the code requires it from (parse-worker.ts `WINK_ADAPTER` = join(__dirname, "wink-adapter.cjs"),
// which requires ./wink-lexicon.json). Then a smoke check: the copied adapter parses one sentence from dist, so a
// build that misses one of its files fails here rather than on every message at ingest.
// Run after `tsc -b tsconfig.build.json` by the package's `build` script; plain node, so it works on every platform.
"use strict";
const { copyFileSync, mkdirSync, readdirSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");

const root = join(__dirname, "..");
const src = join(root, "src");

/** Files under `dir` (recursively) whose name ends in .cjs or .json. */
function assets(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return assets(path);
    return /\.(cjs|json)$/.test(entry.name) ? [path] : [];
  });
}

for (const from of assets(src)) {
  const to = join(root, "dist", relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

const { toCompromiseJson } = require(join(root, "dist/ingest/offline/wink-adapter.cjs"));
const [sentence] = toCompromiseJson("Ada moved to Abu Dhabi.");
if (sentence?.terms.length !== 5 || !sentence.terms[3].tags.includes("Place")) {
  throw new Error(`dist/ingest/offline/wink-adapter.cjs parsed "Ada moved to Abu Dhabi." wrong: ${JSON.stringify(sentence)}`);
}
