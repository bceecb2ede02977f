import { createTwoFilesPatch } from 'diff';

export interface DiffPair {
  before: string;
  after: string;
  beforeHeader?: string;
  afterHeader?: string;
}

/** A unified diff as `diff -u` prints it, for --diff output. */
export function unifiedDiff(d: DiffPair): string {
  const patch = createTwoFilesPatch(
    d.beforeHeader ?? 'before',
    d.afterHeader ?? 'after',
    d.before,
    d.after,
    undefined,
    undefined,
    { context: 3 },
  );
  return patch.split('\n').slice(1).join('\n').trimEnd();
}
