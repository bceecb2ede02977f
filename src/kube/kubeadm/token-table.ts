import { isoSeconds } from '../../cluster/runtime/clock.js';
import { type TokenInfo, tokenString } from './bootstrap-token.js';
import { shortHumanDuration } from './go-duration.js';

/**
 * Go's text/tabwriter as kubeadm configures it for tables (minwidth 10, padding 3, spaces): every tab-terminated
 * cell is padded to its column's widest cell plus 3; the last cell of a line is printed as is.
 */
export function tabwrite(rows: readonly string[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.slice(0, -1).forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, Math.max(10, cell.length + 3));
    });
  }
  return rows
    .map((r) => r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell)).join(''))
    .map((l) => `${l}\n`)
    .join('');
}

/** `kubeadm token list`: nothing when there are no tokens, else the header and one row per token. */
export function tokenTable(tokens: readonly TokenInfo[], nowMs: number): string {
  if (tokens.length === 0) return '';
  const rows = [['TOKEN', 'TTL', 'EXPIRES', 'USAGES', 'DESCRIPTION', 'EXTRA GROUPS']];
  for (const t of tokens) {
    rows.push([
      tokenString(t.token),
      t.expiresMs === undefined ? '<forever>' : shortHumanDuration(t.expiresMs - nowMs),
      t.expiresMs === undefined ? '<never>' : isoSeconds(t.expiresMs),
      t.usages.length > 0 ? t.usages.join(',') : '<none>',
      t.description || '<none>',
      t.groups.length > 0 ? t.groups.join(',') : '<none>',
    ]);
  }
  return tabwrite(rows);
}
