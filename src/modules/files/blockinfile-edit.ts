import { splitLinesKeepEnds } from './lineinfile-edit.js';
import { toJsRegExp } from './python-regex.js';

/**
 * blockinfile's edit as Ansible computes it, pure: the block sits between two marker lines; an existing block is
 * replaced where it is, a new one goes after the last insertafter match / before the last insertbefore match /
 * at EOF; state=absent (or an empty block) removes the markers and what they enclose.
 */

export interface BlockEdit {
  block: string;
  state: 'present' | 'absent';
  marker: string;
  marker_begin: string;
  marker_end: string;
  insertafter?: string;
  insertbefore?: string;
}

export function editBlock(text: string, e: BlockEdit): { content: string; changed: boolean; msg: string } {
  const lines = splitLinesKeepEnds(text);
  const begin = `${e.marker.split('{mark}').join(e.marker_begin)}\n`;
  const end = `${e.marker.split('{mark}').join(e.marker_end)}\n`;
  let blockLines: string[] = [];
  if (e.state === 'present' && e.block !== '') {
    const body = e.block.endsWith('\n') ? e.block : `${e.block}\n`;
    blockLines = [begin, ...splitLinesKeepEnds(body), end];
  }
  const same = (a: string, b: string) => a.replace(/\r?\n$/, '') === b.replace(/\n$/, '');
  let n0: number | undefined;
  let n1: number | undefined;
  for (const [i, l] of lines.entries()) {
    if (same(l, begin)) n0 = i;
    if (same(l, end)) n1 = i;
  }

  if (n0 === undefined || n1 === undefined) {
    n0 = undefined;
    const after = e.insertafter !== undefined && e.insertafter !== 'EOF' ? e.insertafter : undefined;
    const before = e.insertbefore !== undefined && e.insertbefore !== 'BOF' ? e.insertbefore : undefined;
    const pattern = after ?? before;
    if (pattern !== undefined) {
      const re = toJsRegExp(pattern);
      for (const [i, l] of lines.entries()) {
        if (re.test(l.replace(/\n$/, ''))) n0 = i;
      }
      if (n0 === undefined) n0 = lines.length;
      else if (after !== undefined) n0 += 1;
    } else if (e.insertbefore === 'BOF') {
      n0 = 0;
    } else {
      n0 = lines.length;
    }
  } else if (n0 < n1) {
    lines.splice(n0, n1 - n0 + 1);
  } else {
    lines.splice(n1, n0 - n1 + 1);
    n0 = n1;
  }
  if (n0 > 0 && blockLines.length > 0 && !(lines[n0 - 1] ?? '').endsWith('\n')) lines[n0 - 1] += '\n';
  lines.splice(n0, 0, ...blockLines);
  const content = lines.join('');
  const changed = content !== text;
  let msg = '';
  if (changed)
    msg =
      blockLines.length === 0 ? 'Block removed' : text.includes(begin) ? 'Block replaced' : 'Block inserted';
  return { content, changed, msg };
}
