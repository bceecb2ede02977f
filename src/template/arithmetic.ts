import type { BinaryOp } from './ast.js';
import { problem } from './errors.js';
import { toText, typeName } from './values.js';

/** Longest string or list an expression may build; beyond it the expression is a mistake, not a value. */
export const MAX_BUILT_LENGTH = 10_000_000;

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  return undefined;
}

function unsupported(op: string, a: unknown, b: unknown): Error {
  return problem('PRV309', `unsupported operand types for ${op}: ${typeName(a)} and ${typeName(b)}`);
}

function repeat(seq: string | unknown[], times: number): string | unknown[] {
  if (!Number.isInteger(times))
    throw problem('PRV309', `can't repeat a sequence a non-integer number of times`);
  const n = Math.max(0, times);
  if (seq.length * n > MAX_BUILT_LENGTH)
    throw problem('PRV315', `repeating a sequence ${n} times is too large`);
  if (typeof seq === 'string') return seq.repeat(n);
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...seq);
  return out;
}

function checkLength(len: number): void {
  if (len > MAX_BUILT_LENGTH) throw problem('PRV315', 'result is too large');
}

/** Python semantics for + - * / // % ** and Jinja's ~ (string concatenation). */
export function arithmetic(op: Exclude<BinaryOp, 'and' | 'or'>, a: unknown, b: unknown): unknown {
  if (op === '~') {
    const s = toText(a) + toText(b);
    checkLength(s.length);
    return s;
  }
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return numeric(op, x, y);
  if (op === '+') {
    if (typeof a === 'string' && typeof b === 'string') {
      checkLength(a.length + b.length);
      return a + b;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      checkLength(a.length + b.length);
      return [...a, ...b];
    }
  }
  if (op === '*') {
    if ((typeof a === 'string' || Array.isArray(a)) && y !== undefined && typeof b !== 'boolean')
      return repeat(a, y);
    if ((typeof b === 'string' || Array.isArray(b)) && x !== undefined && typeof a !== 'boolean')
      return repeat(b, x);
  }
  if (op === '%' && typeof a === 'string') return percentFormat(a, Array.isArray(b) ? b : [b]);
  throw unsupported(op, a, b);
}

function numeric(op: string, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      if (y === 0) throw problem('PRV309', 'division by zero');
      return x / y;
    case '//':
      if (y === 0) throw problem('PRV309', 'integer division by zero');
      return Math.floor(x / y);
    case '%':
      if (y === 0) throw problem('PRV309', 'modulo by zero');
      return x - y * Math.floor(x / y);
    case '**':
      return x ** y;
    default:
      throw problem('PRV309', `unknown operator ${op}`);
  }
}

/** Python's `'%s-%d' % (a, b)`, the subset templates use: %s %d %i %f %r %x %%. */
export function percentFormat(format: string, args: unknown[]): string {
  let i = 0;
  const out = format.replace(
    /%([-+0 #]*)(\d*)(?:\.(\d+))?([sdifrx%])/g,
    (_m, flags: string, width: string, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      if (i >= args.length) throw problem('PRV309', 'not enough arguments for format string');
      const v = args[i++];
      let s: string;
      if (conv === 's') s = toText(v);
      else if (conv === 'r') s = typeof v === 'string' ? `'${v}'` : toText(v);
      else {
        const n = asNumber(v);
        if (n === undefined) throw problem('PRV309', `%${conv} format needs a number, not ${typeName(v)}`);
        if (conv === 'f') s = n.toFixed(prec === undefined ? 6 : Math.min(Number(prec), 100));
        else if (conv === 'x') s = Math.trunc(n).toString(16);
        else s = String(Math.trunc(n));
      }
      const w = Math.min(Number(width || 0), 1000);
      if (s.length < w)
        s = flags.includes('-')
          ? s.padEnd(w)
          : s.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
      return s;
    },
  );
  if (i < args.length) throw problem('PRV309', 'not all arguments converted during string formatting');
  return out;
}
