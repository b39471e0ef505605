#!/usr/bin/env bash
# `npm run build` (and `npm pack`, through prepack): the package's JavaScript and declarations in dist/,
# from src/ (tsconfig.build.json: CommonJS, which Node loads from require() and import alike). The one
# non-TypeScript module, the codec's failure converter (a path the workflow bundler loads), is copied.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rm -rf dist
node_modules/.bin/tsc -p tsconfig.build.json
cp src/codec/failure-converter.js dist/codec/failure-converter.js
