/** Host name ranges (`node[01:20]`, `[a:f]`, `[0:10:2]`) and `host:port`, read as Ansible reads them. */

/** Expansion stops here: a typo such as `node[0:99999999]` should fail fast, not exhaust memory. */
export const MAX_RANGE_HOSTS = 1_000_000;

export class HostRangeError extends Error {}
/** A host entry ending in `:` with no port. */
export class HostPortError extends HostRangeError {}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function hasRange(pattern: string): boolean {
  return pattern.includes('[');
}

function toInt(text: string, what: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new HostRangeError(`${what} '${text}' is not an integer`);
  return Number.parseInt(text, 10);
}

/** Expands every `[begin:end(:step)]` in `pattern`, left to right; no brackets → the name itself. */
export function expandHostRange(pattern: string, budget = { left: MAX_RANGE_HOSTS }): string[] {
  const open = pattern.indexOf('[');
  if (open < 0) return [pattern];
  const close = pattern.indexOf(']', open);
  const firstClose = pattern.indexOf(']');
  if (close < 0 || (firstClose >= 0 && firstClose < open)) {
    throw new HostRangeError(`unbalanced brackets in '${pattern}'`);
  }
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  const bounds = pattern.slice(open + 1, close).split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostRangeError('host range must be begin:end or begin:end:step');
  }
  const beg = bounds[0] || '0';
  const end = bounds[1]!;
  const stepText = bounds[2] ?? '1';
  if (!end) throw new HostRangeError('host range must specify end value');
  const step = toInt(stepText, 'step');
  if (step === 0) throw new HostRangeError('host range step must not be zero');

  let seq: string[];
  const ib = beg.length === 1 ? LETTERS.indexOf(beg) : -1;
  const ie = end.length === 1 ? LETTERS.indexOf(end) : -1;
  if (ib >= 0 && ie >= 0) {
    if (ib > ie) throw new HostRangeError('host range must have begin <= end');
    seq = [];
    if (step > 0) for (let i = ib; i <= ie; i += step) seq.push(LETTERS[i]!);
  } else {
    const padded = beg.length > 1 && beg[0] === '0';
    if (padded && beg.length !== end.length) {
      throw new HostRangeError('host range must specify equal-length begin and end formats');
    }
    const b = toInt(beg, 'begin');
    const e = toInt(end, 'end');
    const count = step > 0 && e >= b ? Math.floor((e - b) / step) + 1 : 0;
    if (count > budget.left)
      throw new HostRangeError(`host range expands to more than ${MAX_RANGE_HOSTS} hosts`);
    seq = [];
    for (let k = 0; k < count; k++) {
      const n = b + k * step;
      seq.push(padded ? String(n).padStart(beg.length, '0') : String(n));
    }
  }
  const out: string[] = [];
  for (const part of seq) {
    const name = head + part + tail;
    if (hasRange(name)) out.push(...expandHostRange(name, budget));
    else {
      if (budget.left <= 0)
        throw new HostRangeError(`host range expands to more than ${MAX_RANGE_HOSTS} hosts`);
      budget.left--;
      out.push(name);
    }
  }
  return out;
}

export interface HostAddress {
  host: string;
  port?: number;
}

/**
 * Splits `host:port`, `[v6addr]:port`, `1.2.3.4:22` and leaves bare IPv6 addresses and range brackets alone.
 * Throws HostRangeError for a trailing `:` with no port (Ansible refuses it).
 */
export function splitHostPort(text: string): HostAddress {
  const v6 = /^\[([0-9a-fA-F:.%]+)\](?::(\d+))?$/.exec(text);
  if (v6 && (v6[1]!.includes('::') || (v6[1]!.match(/:/g) ?? []).length >= 3)) {
    return v6[2] !== undefined ? { host: v6[1]!, port: Number(v6[2]) } : { host: v6[1]! };
  }
  let depth = 0;
  const colons: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === ':' && depth === 0) colons.push(i);
  }
  if (colons.length !== 1) return { host: text };
  const at = colons[0]!;
  const port = text.slice(at + 1);
  if (port === '') {
    throw new HostPortError(
      `'${text}' ends in ':'; this character is reserved to provide a port (write host:PORT)`,
    );
  }
  if (!/^\d+$/.test(port)) return { host: text };
  return { host: text.slice(0, at), port: Number(port) };
}

/** A host entry as written (`web[1:3]:2222`) → the host names and the port shared by all of them. */
export function expandHostEntry(text: string): { hosts: string[]; port?: number } {
  const { host, port } = splitHostPort(text);
  const hosts = hasRange(host) ? expandHostRange(host) : [host];
  return port === undefined ? { hosts } : { hosts, port };
}
