#!/usr/bin/env node
// Launcher for the `engram` command: runs the built JavaScript in ../dist (`pnpm build` writes it).
// From the sources, without a build, run `pnpm engram` at the repository root instead.
"use strict";
require("../dist/main.js").runMain();
