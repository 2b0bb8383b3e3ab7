/**
 * CI reads a plain closing line, not Jest's own summary. Skipped tests are reported as such,
 * never counted as passed; a suite that fails to load counts as a failure. The line is written
 * at process exit so that it comes after Jest's own summary (writes to pipes and files are
 * synchronous on Linux, so it is not lost).
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
    process.once('exit', () => process.stdout.write(`\n${line}\n`));
  }
}
module.exports = SummaryReporter;
