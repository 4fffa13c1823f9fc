// Prints the figures tests recorded with recordFigure (test/helpers/figures.ts)
// as one table after the run, in checklist order, with the test that measured
// each and whether that test passed.
import type { Reporter, TestModule } from 'vitest/node';
import type { Figure } from './helpers/figures.js';

interface Row extends Figure {
  test: string;
  passed: boolean;
}

const byItem = (a: Row, b: Row) => a.item.localeCompare(b.item, 'en', { numeric: true });

export default class FiguresReporter implements Reporter {
  private rows: Row[] = [];

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    this.rows = [];
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        for (const figure of testCase.meta().figures ?? []) {
          this.rows.push({ ...figure, test: `${testModule.moduleId.replace(/^.*\/test\//, 'test/')} > ${testCase.name}`, passed: testCase.result().state === 'passed' });
        }
      }
    }
  }

  // After the default reporter's summary, so the table is the last thing printed.
  onFinished(): void {
    if (this.rows.length === 0) return;
    const lines = ['', 'Checklist figures (../shared/security-checklist.md)'];
    let previousTest = '';
    for (const row of this.rows.sort(byItem)) {
      const expected = row.expected === undefined ? '' : ` (expected ${row.expected})`;
      if (row.test !== previousTest) lines.push(`  ${row.test}`);
      lines.push(`    ${row.passed ? ' ' : '!'} ${row.item.padEnd(4)} ${row.name}: ${row.value}${expected}`);
      previousTest = row.test;
    }
    if (this.rows.some((row) => !row.passed)) lines.push('  ! marks a figure whose test failed');
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}
