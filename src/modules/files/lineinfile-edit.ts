import { expandTemplate, toJsRegExp } from './python-regex.js';

/**
 * lineinfile's edit as Ansible computes it, pure: lines keep their endings; a regexp or search_string names the
 * line to replace (the last match, or the first with firstmatch); otherwise the line is inserted after/before the
 * insertafter/insertbefore match, or at EOF; an identical line already present means no change.
 */

export interface LineEdit {
  line?: string;
  regexp?: string;
  search_string?: string;
  state: 'present' | 'absent';
  insertafter?: string;
  insertbefore?: string;
  backrefs?: boolean;
  firstmatch?: boolean;
}

export interface LineEditResult {
  content: string;
  changed: boolean;
  msg: string;
  /** state=absent: how many lines were removed. */
  found?: number;
}

export function splitLinesKeepEnds(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

const strip = (l: string) => l.replace(/[\r\n]+$/, '');
/** Python's `$` matches before a trailing newline; JavaScript's does not, so patterns see the line without it. */
const searchable = (l: string) => l.replace(/\n$/, '');

export function editLines(text: string, e: LineEdit): LineEditResult {
  return e.state === 'absent' ? removeLines(text, e) : presentLine(text, e);
}

function removeLines(text: string, e: LineEdit): LineEditResult {
  const lines = splitLinesKeepEnds(text);
  const re = e.regexp !== undefined ? toJsRegExp(e.regexp) : undefined;
  const kept = lines.filter((l) => {
    if (re) return !re.test(searchable(l));
    if (e.search_string !== undefined) return !l.includes(e.search_string);
    return strip(l) !== e.line;
  });
  const found = lines.length - kept.length;
  return {
    content: kept.join(''),
    changed: found > 0,
    msg: found > 0 ? `${found} line(s) removed` : '',
    found,
  };
}

function presentLine(text: string, e: LineEdit): LineEditResult {
  const lines = splitLinesKeepEnds(text);
  const line = e.line ?? '';
  const re = e.regexp !== undefined ? toJsRegExp(e.regexp) : undefined;
  const insRe =
    e.insertafter !== undefined && e.insertafter !== 'BOF' && e.insertafter !== 'EOF'
      ? toJsRegExp(e.insertafter)
      : e.insertbefore !== undefined && e.insertbefore !== 'BOF'
        ? toJsRegExp(e.insertbefore)
        : undefined;
  const index = [-1, -1];
  let match: RegExpExecArray | null | undefined;
  let matched = false;

  if (re) {
    for (const [i, l] of lines.entries()) {
      const m = re.exec(searchable(l));
      if (m) {
        index[0] = i;
        match = m;
        matched = true;
        if (e.firstmatch) break;
      }
    }
  } else if (e.search_string !== undefined) {
    for (const [i, l] of lines.entries()) {
      if (l.includes(e.search_string)) {
        index[0] = i;
        matched = true;
        if (e.firstmatch) break;
      }
    }
  }
  if (!matched) {
    for (const [i, l] of lines.entries()) {
      if (strip(l) === line) {
        index[0] = i;
      } else if (insRe?.test(searchable(l))) {
        if (e.insertafter !== undefined) {
          index[1] = i + 1;
          if (e.firstmatch) break;
        }
        if (e.insertbefore !== undefined) {
          index[1] = i;
          if (e.firstmatch) break;
        }
      }
    }
  }

  const done = (changed: boolean, msg: string): LineEditResult => ({ content: lines.join(''), changed, msg });
  const endsWithNewline = () => lines.length === 0 || /[\r\n]$/.test(lines[lines.length - 1] ?? '');
  const i0 = index[0] ?? -1;
  const i1 = index[1] ?? -1;

  if (i0 !== -1) {
    let newLine = e.backrefs && match ? expandTemplate(line, match) : line;
    if (!newLine.endsWith('\n')) newLine += '\n';
    if (lines[i0] !== newLine) {
      lines[i0] = newLine;
      return done(true, 'line replaced');
    }
    return done(false, '');
  }
  // backrefs without a match: nothing safe to write.
  if (e.backrefs) return done(false, '');
  if (e.insertbefore === 'BOF' || e.insertafter === 'BOF') {
    lines.unshift(`${line}\n`);
    return done(true, 'line added');
  }
  if (e.insertafter === 'EOF' || i1 === -1) {
    if (!endsWithNewline()) lines.push('\n');
    lines.push(`${line}\n`);
    return done(true, 'line added');
  }
  if (e.insertafter !== undefined) {
    if (!endsWithNewline() && i1 === lines.length) lines[lines.length - 1] += '\n';
    if (i1 === lines.length) {
      if (strip(lines[i1 - 1] ?? '') !== line) {
        lines.push(`${line}\n`);
        return done(true, 'line added');
      }
      return done(false, '');
    }
    if (strip(lines[i1] ?? '') !== line) {
      lines.splice(i1, 0, `${line}\n`);
      return done(true, 'line added');
    }
    return done(false, '');
  }
  lines.splice(i1, 0, `${line}\n`);
  return done(true, 'line added');
}
