// Prints one plain closing line that CI tools read in any language:
//   "tests: N passed, N failed, N skipped"
// Jest's own summary ("Tests: 1 failed, 56 passed, 57 total") does not have that form.
class SummaryReporter {
	onRunComplete(_contexts, results) {
		const passed = results.numPassedTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const skipped = results.numPendingTests + results.numTodoTests;
		process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
module.exports = SummaryReporter;
