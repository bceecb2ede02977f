import type { LabelSelector, LabelSelectorRequirement } from './meta.js';

/**
 * Label selectors: the structured form objects carry (matchLabels + matchExpressions) and the string form of
 * list calls (`app=web,tier!=db,env in (a,b),!legacy`). Both compile to a predicate, so hot paths compile once.
 */
export type Labels = Readonly<Record<string, string>> | undefined;
export type LabelPredicate = (labels: Labels) => boolean;

const matchAll: LabelPredicate = () => true;
const matchNone: LabelPredicate = () => false;

function requirementPredicate(req: LabelSelectorRequirement): LabelPredicate {
  const { key, operator } = req;
  const values = req.values ?? [];
  switch (operator) {
    case 'In': {
      if (values.length === 1) {
        const only = values[0];
        return (l) => l?.[key] === only;
      }
      const set = new Set(values);
      return (l) => {
        const v = l?.[key];
        return v !== undefined && set.has(v);
      };
    }
    case 'NotIn': {
      const set = new Set(values);
      return (l) => {
        const v = l?.[key];
        return v === undefined || !set.has(v);
      };
    }
    case 'Exists':
      return (l) => l?.[key] !== undefined;
    case 'DoesNotExist':
      return (l) => l?.[key] === undefined;
    default:
      return matchNone;
  }
}

function conjunction(preds: LabelPredicate[]): LabelPredicate {
  if (preds.length === 0) return matchAll;
  if (preds.length === 1) return preds[0] as LabelPredicate;
  return (l) => {
    for (const p of preds) if (!p(l)) return false;
    return true;
  };
}

/**
 * Compiles a structured selector. As in metav1.LabelSelectorAsSelector: an empty selector (`{}`) matches
 * everything and a missing one (`undefined`/null) matches nothing.
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelPredicate {
  if (selector === undefined || selector === null) return matchNone;
  const preds: LabelPredicate[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) preds.push((l) => l?.[k] === v);
  for (const req of selector.matchExpressions ?? []) preds.push(requirementPredicate(req));
  return conjunction(preds);
}

export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  return compileLabelSelector(selector)(labels);
}

/** A plain map selector (Service.spec.selector, nodeSelector): every pair must match; empty matches all. */
export function matchesLabelMap(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Labels,
): boolean {
  if (!selector) return true;
  for (const k in selector) if (labels?.[k] !== selector[k]) return false;
  return true;
}

export class SelectorSyntaxError extends Error {}

/** Parses the string form into requirements (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`). */
export function parseLabelSelectorString(text: string): LabelSelectorRequirement[] {
  const reqs: LabelSelectorRequirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    let m = /^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/.exec(part);
    if (m) {
      const [, key, op, value] = m as unknown as [string, string, string, string];
      reqs.push({ key, operator: op === '!=' ? 'NotIn' : 'In', values: [value] });
      continue;
    }
    m = /^([^\s=!(),]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(part);
    if (m) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      const values = list
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      reqs.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values });
      continue;
    }
    m = /^(!?)([^\s=!(),]+)$/.exec(part);
    if (m) {
      reqs.push({ key: m[2] as string, operator: m[1] ? 'DoesNotExist' : 'Exists' });
      continue;
    }
    throw new SelectorSyntaxError(`unable to parse requirement: ${JSON.stringify(part)}`);
  }
  return reqs;
}

export function compileLabelSelectorString(text: string | undefined): LabelPredicate {
  if (!text) return matchAll;
  return compileLabelSelector({ matchExpressions: parseLabelSelectorString(text) });
}

/** Field selector requirements (`spec.nodeName=n1,status.phase!=Running`); only = / == / != exist for fields. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text) return [];
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => {
      const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(p);
      if (!m) throw new SelectorSyntaxError(`invalid field selector: ${JSON.stringify(p)}`);
      return { field: m[1] as string, op: m[2] === '!=' ? '!=' : '=', value: (m[3] as string).trim() };
    });
}

/** The selector's requirements as a kubectl-style string, for messages. */
export function formatLabelSelector(selector: LabelSelector | undefined): string {
  if (!selector) return '<none>';
  const parts = Object.entries(selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator.toLowerCase()} (${(r.values ?? []).join(',')})`);
  }
  return parts.join(',');
}
