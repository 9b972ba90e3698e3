#!/usr/bin/env node
// Copies the files tsc does not emit into dist/, each to the place beside its compiled module that the code requires it
// from (parse-worker.ts `WINK_ADAPTER` = join(__dirname, "wink-adapter.cjs"), which requires ./wink-lexicon.json).
// Run after `tsc -b tsconfig.build.json` by the package's `build` script; plain node, so it works on every platform.
"use strict";
const { copyFileSync, mkdirSync } = require("node:fs");
const { dirname, join } = require("node:path");

const ASSETS = ["ingest/offline/wink-adapter.cjs", "ingest/offline/wink-lexicon.json"];
const root = join(__dirname, "..");
for (const asset of ASSETS) {
  const to = join(root, "dist", asset);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, "src", asset), to);
}
