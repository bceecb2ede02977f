/**
 * POSIX shell-like splitting as Python's `shlex.split(line, comments=True)` does it, which is how Ansible splits
 * an INI host line: quotes group words and are removed, backslash escapes outside single quotes, and `#` starts a
 * comment even inside an unquoted word.
 */

export interface ShlexToken {
  text: string;
  /** 0-based offset of the token's first character in the line. */
  start: number;
}

export class ShlexError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

export function shlexSplit(line: string): ShlexToken[] {
  const tokens: ShlexToken[] = [];
  let current = '';
  let inToken = false;
  let start = 0;
  let i = 0;
  const begin = () => {
    if (!inToken) {
      inToken = true;
      current = '';
      start = i;
    }
  };
  while (i < line.length) {
    const c = line[i]!;
    if (WHITESPACE.has(c)) {
      if (inToken) tokens.push({ text: current, start });
      inToken = false;
      i++;
    } else if (c === '#') {
      break;
    } else if (c === '\\') {
      begin();
      const next = line[i + 1];
      if (next === undefined) throw new ShlexError('No escaped character', i);
      current += next;
      i += 2;
    } else if (c === "'" || c === '"') {
      begin();
      const open = i;
      i++;
      let closed = false;
      while (i < line.length) {
        const q = line[i]!;
        if (q === c) {
          closed = true;
          i++;
          break;
        }
        const after = line[i + 1];
        if (c === '"' && q === '\\' && (after === '"' || after === '\\')) {
          current += after;
          i += 2;
          continue;
        }
        current += q;
        i++;
      }
      if (!closed) throw new ShlexError('No closing quotation', open);
    } else {
      begin();
      current += c;
      i++;
    }
  }
  if (inToken) tokens.push({ text: current, start });
  return tokens;
}
