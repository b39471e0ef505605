// Prints "<passed> <failed>" from a vitest JSON report (scripts/test.sh, scripts/cluster-test.sh).
// Skipped, pending and todo tests count as failures: nothing here may be skipped. A report that is
// missing or unreadable (a run that died) counts as one failure and nothing passed.
const fs = require('node:fs');

try {
  const r = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const bad =
    r.numFailedTests +
    r.numPendingTests +
    r.numTodoTests +
    (r.success ? 0 : 1) * (r.numFailedTests === 0 ? 1 : 0);
  console.log(r.numPassedTests, bad);
} catch {
  console.log(0, 1);
}
