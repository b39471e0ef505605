#!/usr/bin/env node
// The `lethe` command. Installed (a package or the image: no src/), it runs the compiled JavaScript in
// dist/; in a source checkout it runs the TypeScript in src/ through tsx (a dev dependency), so what
// runs there is always the code being edited, never a stale build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`error: lethe needs Node.js 22.12 or later (this is ${process.versions.node})\n`);
  process.exit(2);
}

const source = join(__dirname, '..', 'src', 'cli', 'lethe.ts');
if (existsSync(source)) {
  // Both of tsx's hooks: require() for the CLI's modules, import() for what is loaded by a platform's
  // id (its connector, its simulator) from the platform's own folder.
  require('tsx/cjs');
  require('tsx/esm/api').register();
  require(source).run();
} else {
  require('../dist/cli/lethe.js').run();
}
