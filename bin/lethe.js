#!/usr/bin/env node
// The `lethe` command: runs the TypeScript CLI through tsx (a dependency), so no build step is needed.
require('tsx/cjs');
const { run } = require('../src/cli/lethe.ts');
run();
