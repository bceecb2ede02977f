import type { SourceLocation } from '../errors/index.js';
import { inventoryError } from './inventory-error.js';
import { type Inventory, LOCALHOST_NAMES } from './inventory-model.js';

export type PatternOp = 'union' | 'intersect' | 'exclude';

export interface HostPatternTerm {
  /** The term as written, prefix included (`!phoenix`). */
  raw: string;
  op: PatternOp;
  /** The term without its `&`/`!` prefix and subscript. */
  expr: string;
  kind: 'name' | 'glob' | 'regex';
  /** For globs and regexes; names compare exactly. */
  matcher?: RegExp;
  /** `g[0]` → {start: 0}; `g[1:3]` → {start: 1, end: 3}; `g[1:]` → {start: 1, end: null} (to the last). */
  subscript?: { start: number; end?: number | null };
}

export interface HostPattern {
  text: string;
  terms: HostPatternTerm[];
  location?: SourceLocation;
}

const SUBSCRIPT_RE = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;
const TERM_RE = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/** Splits as Ansible does: on commas if there are any, else on colons outside `[x:y]`; a bare IPv6 address stays whole. */
export function splitHostPattern(text: string): string[] {
  let parts: string[];
  if (text.includes(',')) parts = text.split(',');
  else if (/^[0-9a-fA-F:.]+$/.test(text) && (text.match(/:/g) ?? []).length >= 2) parts = [text];
  else parts = text.match(TERM_RE) ?? [];
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** Translates a shell glob (Python fnmatch) into an anchored, case-sensitive RegExp. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) out += '\\[';
      else {
        let body = glob.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        else if (body.startsWith('^')) body = `\\${body}`;
        out += `[${body}]`;
        i = j;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

function bad(message: string, text: string, location?: SourceLocation, hint?: string) {
  return inventoryError('PRV113', `invalid host pattern '${text}': ${message}`, { location, hint });
}

function parseTerm(raw: string, text: string, location?: SourceLocation): HostPatternTerm {
  const op: PatternOp = raw[0] === '&' ? 'intersect' : raw[0] === '!' ? 'exclude' : 'union';
  let expr = op === 'union' ? raw : raw.slice(1);
  if (expr === '' || expr === '&' || expr === '!') throw bad(`'${raw}' names nothing`, text, location);
  if (expr[0] === '~') {
    const source = expr
      .slice(1)
      .replace(/\(\?P</g, '(?<')
      .replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
    if (source === '') throw bad(`'${raw}' has an empty regular expression`, text, location);
    try {
      return { raw, op, expr, kind: 'regex', matcher: new RegExp(`^(?:${source})`) };
    } catch (e) {
      throw bad(`bad regular expression: ${(e as Error).message}`, text, location);
    }
  }
  let subscript: HostPatternTerm['subscript'];
  const m = SUBSCRIPT_RE.exec(expr);
  if (m) {
    expr = m[1]!;
    if (m[2] !== undefined) subscript = { start: Number(m[2]) };
    else subscript = { start: Number(m[3]), end: m[5] ? Number(m[5]) : null };
  }
  const kind = /[*?[]/.test(expr) ? 'glob' : 'name';
  if (kind === 'name') return { raw, op, expr, kind, ...(subscript ? { subscript } : {}) };
  let matcher: RegExp;
  try {
    matcher = globToRegExp(expr);
  } catch (e) {
    // A character class such as `[z-a]` has no meaning.
    throw bad(`bad glob '${expr}': ${(e as Error).message}`, text, location);
  }
  return { raw, op, expr, kind, matcher, ...(subscript ? { subscript } : {}) };
}

/** Parses `webservers:dbservers:&staging:!phoenix`, `a,b`, `~re`, `g[0]`, `g[1:3]`, globs. */
export function parseHostPattern(text: string, location?: SourceLocation): HostPattern {
  if (typeof text !== 'string') throw bad('a host pattern must be a string', String(text), location);
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    if (depth < 0 || depth > 1) throw bad('unbalanced brackets', text, location);
  }
  if (depth !== 0) throw bad('unbalanced brackets', text, location);
  const parts = splitHostPattern(text);
  if (parts.length === 0) {
    throw bad('it is empty', text, location, 'Use `all` to target every host.');
  }
  return { text, terms: parts.map((p) => parseTerm(p, text, location)), location };
}

function matchTerm(term: HostPatternTerm, inv: Inventory, pattern: HostPattern): string[] {
  const groups = inv.groupNames();
  const test = (name: string) => (term.matcher ? term.matcher.test(name) : name === term.expr);
  const matchingGroups =
    term.kind === 'name' ? (inv.hasGroup(term.expr) ? [term.expr] : []) : groups.filter(test);
  const results: string[] = [];
  for (const g of matchingGroups) results.push(...inv.groupHosts(g));
  if (matchingGroups.length === 0 || term.kind !== 'name' || term.expr.includes('.')) {
    if (term.kind === 'name') {
      if (inv.hasHost(term.expr) && !inv.isImplicit(term.expr)) results.push(term.expr);
    } else results.push(...inv.definedHostNames().filter(test));
  }
  if (results.length === 0 && LOCALHOST_NAMES.includes(term.expr) && term.kind === 'name') {
    if (inv.ensureImplicitLocalhost(term.expr)) results.push(term.expr);
  }
  const unique = [...new Set(results)];
  const sub = term.subscript;
  if (!sub || unique.length === 0) return unique;
  if (sub.end === undefined) {
    const i = sub.start < 0 ? unique.length + sub.start : sub.start;
    const host = unique[i];
    if (host === undefined) {
      throw inventoryError(
        'PRV114',
        `no host matched the subscripted pattern '${term.raw}' (${unique.length} hosts)`,
        {
          location: pattern.location,
        },
      );
    }
    return [host];
  }
  return unique.slice(sub.start, sub.end === null ? undefined : sub.end + 1);
}

/**
 * The hosts a pattern selects, in inventory order without duplicates: unions first, then intersections, then
 * exclusions, as Ansible orders them; a pattern with only `&`/`!` terms starts from `all`. Nothing matched → [].
 */
export function selectHosts(pattern: string | HostPattern, inv: Inventory): string[] {
  const p = typeof pattern === 'string' ? parseHostPattern(pattern) : pattern;
  const unions = p.terms.filter((t) => t.op === 'union');
  const ordered = [
    ...(unions.length === 0 ? [parseTerm('all', p.text)] : unions),
    ...p.terms.filter((t) => t.op === 'intersect'),
    ...p.terms.filter((t) => t.op === 'exclude'),
  ];
  let hosts: string[] = [];
  const present = new Set<string>();
  for (const term of ordered) {
    if (term.op === 'union' && inv.hasHost(term.raw) && !inv.isImplicit(term.raw)) {
      if (!present.has(term.raw)) {
        present.add(term.raw);
        hosts.push(term.raw);
      }
      continue;
    }
    const that = matchTerm(term, inv, p);
    if (term.op === 'union') {
      for (const h of that) {
        if (!present.has(h)) {
          present.add(h);
          hosts.push(h);
        }
      }
    } else {
      const set = new Set(that);
      hosts = hosts.filter((h) => (term.op === 'exclude' ? !set.has(h) : set.has(h)));
      present.clear();
      for (const h of hosts) present.add(h);
    }
  }
  return hosts;
}
