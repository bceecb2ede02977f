import type { Labels, Node, NodeSelectorRequirement, NodeSelectorTerm, Pod } from '../objects/index.js';

/** A compiled node predicate over labels plus the node name (matchFields supports only metadata.name). */
export type NodePredicate = (labels: Labels, name: string) => boolean;

const never: NodePredicate = () => false;

function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

function requirement(
  req: NodeSelectorRequirement,
  read: (labels: Labels, name: string) => string | undefined,
) {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In': {
      const set = new Set(values);
      return (l: Labels, n: string) => {
        const v = read(l, n);
        return v !== undefined && set.has(v);
      };
    }
    case 'NotIn': {
      const set = new Set(values);
      return (l: Labels, n: string) => {
        const v = read(l, n);
        return v === undefined || !set.has(v);
      };
    }
    case 'Exists':
      return (l: Labels, n: string) => read(l, n) !== undefined;
    case 'DoesNotExist':
      return (l: Labels, n: string) => read(l, n) === undefined;
    case 'Gt':
    case 'Lt': {
      // Exactly one integer value; a label that is not an integer never matches.
      const bound = values.length === 1 ? parseInteger(values[0]) : undefined;
      if (bound === undefined) return never;
      const gt = req.operator === 'Gt';
      return (l: Labels, n: string) => {
        const v = parseInteger(read(l, n));
        if (v === undefined) return false;
        return gt ? v > bound : v < bound;
      };
    }
    default:
      return never;
  }
}

const readLabel = (key: string) => (l: Labels) => l?.[key];
const readField = (key: string) => (_l: Labels, name: string) => (key === 'metadata.name' ? name : undefined);

/** A term is the AND of its requirements; a term with no requirement matches nothing (as upstream). */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodePredicate {
  const preds: NodePredicate[] = [];
  for (const r of term.matchExpressions ?? []) preds.push(requirement(r, readLabel(r.key)));
  for (const r of term.matchFields ?? []) preds.push(requirement(r, readField(r.key)));
  if (preds.length === 0) return never;
  return (l, n) => {
    for (const p of preds) if (!p(l, n)) return false;
    return true;
  };
}

/** Terms are ORed; an empty list matches nothing. */
export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[]): NodePredicate {
  const preds = terms.map(compileNodeSelectorTerm);
  return (l, n) => {
    for (const p of preds) if (p(l, n)) return true;
    return false;
  };
}

export interface CompiledNodeAffinity {
  /** nodeSelector AND required node affinity; undefined when the pod has neither. */
  required: NodePredicate | undefined;
  preferred: { weight: number; match: NodePredicate }[];
}

export function compileNodeAffinity(pod: Pod): CompiledNodeAffinity {
  const parts: NodePredicate[] = [];
  const sel = pod.spec.nodeSelector;
  if (sel && Object.keys(sel).length > 0) {
    const entries = Object.entries(sel);
    parts.push((l) => {
      for (const [k, v] of entries) if (l?.[k] !== v) return false;
      return true;
    });
  }
  const na = pod.spec.affinity?.nodeAffinity;
  const req = na?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) parts.push(compileNodeSelectorTerms(req.nodeSelectorTerms ?? []));
  const required: NodePredicate | undefined =
    parts.length === 0
      ? undefined
      : parts.length === 1
        ? parts[0]
        : (l, n) => {
            for (const p of parts) if (!p(l, n)) return false;
            return true;
          };
  const preferred = (na?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .filter((t) => t.weight !== 0)
    .map((t) => ({ weight: t.weight, match: compileNodeSelectorTerm(t.preference) }));
  return { required, preferred };
}

export function nodeMatchesRequired(affinity: CompiledNodeAffinity, node: Node): boolean {
  return affinity.required === undefined || affinity.required(node.metadata.labels, node.metadata.name);
}
