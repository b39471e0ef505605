#!/usr/bin/env node
// The `lethe` command. Installed (a package or the image: no src/), it runs the compiled JavaScript in
// dist/; in a source checkout it runs the TypeScript in src/ through tsx (a dev dependency), so what
// runs there is always the code being edited, never a stale build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, '..', 'src', 'cli', 'lethe.ts');
if (existsSync(source)) {
  require('tsx/cjs');
  require(source).run();
} else {
  require('../dist/cli/lethe.js').run();
}
