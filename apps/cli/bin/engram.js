#!/usr/bin/env node
// Launcher for the `engram` command: compiles the TypeScript sources on the fly with tsx.
"use strict";
require("tsx/cjs");
require("../src/main.ts").runMain();
