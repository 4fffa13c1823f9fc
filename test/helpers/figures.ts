// The security checklist asks the suite to report its figures at the end
// (charges per same-key retries, leaking BOLA cells, canary hits, ...). A test
// that measures one records it here, on its task's metadata; the figures
// reporter (test/figures-reporter.ts) prints them all after the run. The
// test still asserts the figure itself: recording is for reading, not for
// passing.
import type { TaskMeta } from 'vitest';

export interface Figure {
  /** The checklist's item, e.g. "F1". */
  item: string;
  /** What was counted, in words a reader of the report understands. */
  name: string;
  value: number | string;
  /** What the checklist expects, when it names a value. */
  expected?: number | string;
}

declare module 'vitest' {
  interface TaskMeta {
    figures?: Figure[];
  }
}

export function recordFigure(task: { meta: TaskMeta }, figure: Figure): void {
  (task.meta.figures ??= []).push(figure);
}
