import { EvalProblem } from './errors.js';

export type TokenType = 'number' | 'string' | 'name' | 'data' | 'up' | 'op' | 'eof';

export interface Token {
  type: TokenType;
  /** The operator text, the name, or the decoded string; numbers carry `value`. */
  text: string;
  value?: number;
  start: number;
  end: number;
}

/** A lexing or parsing problem at an offset of the expression text. */
export class SyntaxProblem extends EvalProblem {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super('PRV301', message);
  }
}

const OPERATORS = [
  '**',
  '//',
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '~',
  '|',
  '.',
  ',',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '=',
];

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '\n': '',
};

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function readString(text: string, start: number): { value: string; end: number } {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === quote) return { value: out, end: i + 1 };
    if (c === '\\' && i + 1 < text.length) {
      const n = text[i + 1]!;
      const hex = n === 'x' ? 2 : n === 'u' ? 4 : 0;
      if (hex > 0) {
        const digits = text.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) {
          throw new SyntaxProblem(`bad \\${n} escape in string`, i);
        }
        out += String.fromCharCode(Number.parseInt(digits, 16));
        i += 2 + hex;
        continue;
      }
      // Python keeps unknown escapes such as \d verbatim, which regex patterns rely on.
      out += ESCAPES[n] ?? `\\${n}`;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new SyntaxProblem('unterminated string', start);
}

function readNumber(text: string, start: number): { value: number; end: number } {
  let i = start;
  while (i < text.length && (isDigit(text[i]!) || text[i] === '_')) i++;
  // `a.0` is an index, so a dot makes a float only when a digit follows.
  if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
    i++;
    while (i < text.length && isDigit(text[i]!)) i++;
  }
  if ((text[i] === 'e' || text[i] === 'E') && /^[eE][+-]?\d/.test(text.slice(i, i + 3))) {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    while (i < text.length && isDigit(text[i]!)) i++;
  }
  const raw = text.slice(start, i).replace(/_/g, '');
  return { value: Number(raw), end: i };
}

/** Splits an expression into tokens; positions are offsets into `text`. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const s = readString(text, i);
      tokens.push({ type: 'string', text: s.value, start: i, end: s.end });
      i = s.end;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    const afterDot = prev?.type === 'op' && prev.text === '.' && prev.end === i;
    if (isDigit(c)) {
      if (afterDot) {
        // `a.0.b`: an integer segment of a dotted path, never a float.
        let j = i;
        while (j < text.length && isDigit(text[j]!)) j++;
        tokens.push({
          type: 'number',
          text: text.slice(i, j),
          value: Number(text.slice(i, j)),
          start: i,
          end: j,
        });
        i = j;
        continue;
      }
      const n = readNumber(text, i);
      tokens.push({ type: 'number', text: text.slice(i, n.end), value: n.value, start: i, end: n.end });
      i = n.end;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < text.length && (isIdentStart(text[j]!) || isDigit(text[j]!))) j++;
      tokens.push({ type: 'name', text: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '@' && isIdentStart(text[i + 1] ?? '')) {
      let j = i + 2;
      while (j < text.length && (isIdentStart(text[j]!) || isDigit(text[j]!))) j++;
      tokens.push({ type: 'data', text: text.slice(i + 1, j), start: i, end: j });
      i = j;
      continue;
    }
    if (text.startsWith('../', i)) {
      tokens.push({ type: 'up', text: '../', start: i, end: i + 3 });
      i += 3;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new SyntaxProblem(`unexpected character '${c}'`, i);
    tokens.push({ type: 'op', text: op, start: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ type: 'eof', text: '', start: text.length, end: text.length });
  return tokens;
}
