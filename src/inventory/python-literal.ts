/**
 * Python literal reading, as Ansible's INI plugin applies `ast.literal_eval` to every `key=value` value: numbers,
 * strings, True/False/None, lists, tuples, dicts and sets become typed values; anything that is not a literal stays
 * the original text. Tuples and sets become arrays, bytes become strings, like Ansible's coercion afterwards.
 */

export type PyLiteralResult = { ok: true; value: unknown } | { ok: false };

/** Thrown (without a stack trace, it is frequent) when the text is not a literal. */
const NOT_A_LITERAL = Symbol('not a literal');

const INT_RE = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|[1-9](?:_?\d)*|0(?:_?0)*)/;
const DIGITS = String.raw`\d(?:_?\d)*`;
const FLOAT_RE = new RegExp(
  String.raw`^(?:(?:${DIGITS})?\.${DIGITS}(?:[eE][+-]?${DIGITS})?|${DIGITS}\.(?:[eE][+-]?${DIGITS})?|${DIGITS}[eE][+-]?${DIGITS})`,
);
const IDENT_CHAR = /[A-Za-z0-9_]/;
const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

class LiteralReader {
  pos = 0;
  constructor(readonly src: string) {}

  fail(): never {
    throw NOT_A_LITERAL;
  }

  skipSpace(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\f') this.pos++;
      else if (c === '#') this.pos = this.src.length;
      else break;
    }
  }

  peek(): string | undefined {
    return this.src[this.pos];
  }

  value(): unknown {
    this.skipSpace();
    const c = this.peek();
    if (c === undefined) this.fail();
    if (c === '-' || c === '+') {
      this.pos++;
      this.skipSpace();
      const n = this.number();
      return c === '-' ? -n : n;
    }
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.paren();
    if (c === '{') return this.braces();
    if (this.src.startsWith('...', this.pos)) {
      this.pos += 3;
      return '...';
    }
    if (/[0-9.]/.test(c)) return this.number();
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.src.slice(this.pos))?.[0];
    if (word !== undefined) {
      const after = this.src[this.pos + word.length];
      if (after === "'" || after === '"') return this.strings();
      this.pos += word.length;
      if (word === 'True') return true;
      if (word === 'False') return false;
      if (word === 'None') return null;
      this.fail();
    }
    if (c === "'" || c === '"') return this.strings();
    this.fail();
  }

  number(): number {
    const rest = this.src.slice(this.pos);
    const float = FLOAT_RE.exec(rest)?.[0];
    const int = INT_RE.exec(rest)?.[0];
    const text = float !== undefined && (int === undefined || float.length > int.length) ? float : int;
    if (text === undefined) this.fail();
    this.pos += text.length;
    const next = this.peek();
    // Imaginary numbers, `1.2.3` or `10s` are not plain literals Ansible would keep as numbers.
    if (next !== undefined && (IDENT_CHAR.test(next) || next === '.')) this.fail();
    const clean = text.replace(/_/g, '');
    if (text === float) return Number.parseFloat(clean);
    if (/^0[xXoObB]/.test(clean)) return Number(clean);
    // Python rejects leading zeros on non-zero decimal integers.
    if (/^0\d/.test(clean) && /[1-9]/.test(clean)) this.fail();
    return Number.parseInt(clean, 10);
  }

  strings(): string {
    let out = '';
    let bytes = false;
    let any = false;
    for (;;) {
      this.skipSpace();
      const prefix = /^[rRbBuUfF]{0,2}(?=['"])/.exec(this.src.slice(this.pos))?.[0];
      if (prefix === undefined) break;
      const lower = prefix.toLowerCase();
      if (!['', 'r', 'u', 'b', 'br', 'rb'].includes(lower)) this.fail();
      const isBytes = lower.includes('b');
      if (any && isBytes !== bytes) this.fail();
      bytes = isBytes;
      this.pos += prefix.length;
      out += this.string(lower.includes('r'));
      any = true;
    }
    if (!any) this.fail();
    return out;
  }

  string(raw: boolean): string {
    const q = this.peek()!;
    const triple = this.src.startsWith(q.repeat(3), this.pos);
    const close = triple ? q.repeat(3) : q;
    this.pos += close.length;
    let out = '';
    while (this.pos < this.src.length) {
      if (this.src.startsWith(close, this.pos)) {
        this.pos += close.length;
        return out;
      }
      const c = this.src[this.pos]!;
      if (c === '\n' && !triple) this.fail();
      if (c === '\\') {
        const e = this.src[this.pos + 1];
        if (e === undefined) this.fail();
        if (raw) {
          out += c + e;
          this.pos += 2;
          continue;
        }
        out += this.escape(e);
        continue;
      }
      out += c;
      this.pos++;
    }
    this.fail();
  }

  escape(e: string): string {
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    const hexLen = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hexLen > 0) {
      const hex = this.src.slice(this.pos + 2, this.pos + 2 + hexLen);
      if (!new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(hex)) this.fail();
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) this.fail();
      this.pos += 2 + hexLen;
      return String.fromCodePoint(code);
    }
    const oct = /^[0-7]{1,3}/.exec(this.src.slice(this.pos + 1))?.[0];
    if (oct !== undefined) {
      this.pos += 1 + oct.length;
      return String.fromCodePoint(Number.parseInt(oct, 8));
    }
    if (e === 'N') this.fail();
    // Python keeps unknown escapes as written.
    this.pos += 2;
    return `\\${e}`;
  }

  sequence(open: string, close: string): unknown[] {
    this.pos += open.length;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail();
    }
  }

  paren(): unknown {
    this.pos++;
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      return [];
    }
    const first = this.value();
    this.skipSpace();
    if (this.peek() === ')') {
      this.pos++;
      return first;
    }
    if (this.peek() !== ',') this.fail();
    this.pos++;
    const rest = this.sequence('', ')');
    return [first, ...rest];
  }

  braces(): unknown {
    this.pos++;
    this.skipSpace();
    if (this.peek() === '}') {
      this.pos++;
      return {};
    }
    const firstKey = this.value();
    this.skipSpace();
    if (this.peek() !== ':') {
      if (this.peek() !== ',') return dedupe([firstKey, ...this.closeSet()]);
      this.pos++;
      return dedupe([firstKey, ...this.sequence('', '}')]);
    }
    const out: Record<string, unknown> = {};
    let key: unknown = firstKey;
    for (;;) {
      this.skipSpace();
      if (this.peek() !== ':') this.fail();
      this.pos++;
      if (typeof key === 'object' && key !== null) this.fail();
      out[String(key)] = this.value();
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
      }
      if (this.peek() === '}') {
        this.pos++;
        return out;
      }
      key = this.value();
    }
  }

  closeSet(): unknown[] {
    if (this.peek() !== '}') this.fail();
    this.pos++;
    return [];
  }
}

function dedupe(items: unknown[]): unknown[] {
  if (items.some((i) => typeof i === 'object' && i !== null)) throw NOT_A_LITERAL;
  return [...new Set(items)];
}

/** Reads `text` as a Python literal; `{ok:false}` when it is not one (the caller keeps the text). */
export function readPythonLiteral(text: string): PyLiteralResult {
  // Fast paths for the common cases: plain decimal integers and bare words that cannot be literals.
  if (/^[1-9]\d{0,14}$/.test(text)) return { ok: true, value: Number(text) };
  if (/^[A-Za-z_/]/.test(text) && !/^(?:True|False|None)\b|^[rRbBuUfF]{1,2}['"]/.test(text))
    return { ok: false };
  const reader = new LiteralReader(text.replace(/^[ \t]+/, ''));
  try {
    const value = reader.value();
    reader.skipSpace();
    if (reader.pos !== reader.src.length) return { ok: false };
    return { ok: true, value };
  } catch (e) {
    if (e === NOT_A_LITERAL || e instanceof RangeError) return { ok: false };
    throw e;
  }
}

/** Ansible's INI value rule: a Python literal's value, else the text unchanged. */
export function iniValue(text: string): unknown {
  const r = readPythonLiteral(text);
  return r.ok ? r.value : text;
}
