import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type HostPattern, parseHostPattern, selectHosts, splitHostPattern } from './host-pattern.js';
import { inventoryError } from './inventory-error.js';
import type { Inventory } from './inventory-model.js';

/**
 * Parses a `--limit` value: a host pattern whose `@file` terms are replaced by the file's lines (one pattern
 * each), as ansible-playbook reads a `.retry` file.
 */
export function parseLimit(text: string, opts: { cwd: string }): HostPattern {
  const terms: string[] = [];
  for (const term of splitHostPattern(text)) {
    if (!term.startsWith('@')) {
      terms.push(term);
      continue;
    }
    const file = path.resolve(opts.cwd, term.slice(1));
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      throw inventoryError('PRV110', `cannot read limit file ${term.slice(1)}: ${(e as Error).message}`, {
        hint: 'A limit file lists one host or pattern per line, e.g. a .retry file.',
      });
    }
    terms.push(
      ...content
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== ''),
    );
  }
  if (terms.length === 0) {
    throw inventoryError('PRV113', `--limit '${text}' selects no pattern`, {
      hint: 'Pass host or group names, e.g. --limit web1,web2 or --limit @retry-file.',
    });
  }
  return parseHostPattern(terms.join(','));
}

/** Keeps the hosts (in their order) that the limit also selects. */
export function applyLimit(hosts: string[], limit: HostPattern, inv: Inventory): string[] {
  const allowed = new Set(selectHosts(limit, inv));
  return hosts.filter((h) => allowed.has(h));
}
