// Prints the plain closing line CI reads: "N passed, N failed[, N skipped]".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
    // Printed at exit so that it is the last line, after jest's own summary.
    process.once('exit', () => process.stdout.write(`\n${skipped > 0 ? `${line}, ${skipped} skipped` : line}\n`));
  }
}
module.exports = SummaryReporter;
