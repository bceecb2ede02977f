import type { FileDiff } from '../module.js';

/**
 * The content part of a `--diff`: before/after text with the path as headers. Binary or very large content is
 * replaced by a one-line note, as Ansible does, so a diff never floods the output.
 */

/** Ansible's default max_diff_size. */
export const DIFF_LIMIT = 104_448;

function describe(content: Buffer | undefined, size: number | undefined): string {
  if (content === undefined) return '';
  const length = size ?? content.length;
  if (length > DIFF_LIMIT) return `(content not shown: ${length} bytes, larger than ${DIFF_LIMIT})\n`;
  if (content.includes(0)) return `(binary content not shown: ${length} bytes)\n`;
  return content.toString('utf8');
}

/**
 * `before` undefined means the file does not exist yet. `beforeSize` is the real size when `before` was read
 * with a cap.
 */
export function contentDiff(
  path: string,
  before: Buffer | undefined,
  after: Buffer | undefined,
  beforeSize?: number,
  afterSize?: number,
): FileDiff {
  return {
    before: describe(before, beforeSize),
    after: describe(after, afterSize),
    beforeHeader: before === undefined ? `${path} (absent)` : path,
    afterHeader: after === undefined ? `${path} (absent)` : path,
  };
}

/** A diff of key: value records (file module: path, state, mode, owner, group), as Ansible reports them. */
export function recordDiff(
  path: string,
  before: Record<string, string>,
  after: Record<string, string>,
): FileDiff {
  const text = (rec: Record<string, string>) =>
    Object.entries(rec)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join('');
  return {
    before: text({ path, ...before }),
    after: text({ path, ...after }),
    beforeHeader: path,
    afterHeader: path,
  };
}
