import type { SourceLocation } from '../errors/location.js';
import type { Node } from './ast.js';
import { type TextPosition, templateErrorAt } from './errors.js';
import { SyntaxProblem } from './lexer.js';
import { parse } from './parser.js';

/** An expression parsed once; evaluate it many times. */
export interface Expression {
  readonly source: string;
}

export class ParsedExpression implements Expression {
  constructor(
    readonly source: string,
    readonly node: Node,
  ) {}
}

const MAX_CACHE = 10_000;
const cache = new Map<string, ParsedExpression>();

/**
 * Parses `text` (cached by text). A syntax error is a TemplateError at the offending token: `pos`/`offset` place
 * the expression inside a larger text (a template), so the location is exact there too.
 */
export function parseCached(text: string, pos: TextPosition, offset: number): ParsedExpression {
  const hit = cache.get(text);
  if (hit) return hit;
  let node: Node;
  try {
    node = parse(text);
  } catch (e) {
    if (e instanceof SyntaxProblem) {
      throw templateErrorAt(
        'PRV301',
        `invalid expression: ${e.message}`,
        pos,
        offset + Math.min(e.offset, text.length),
      );
    }
    throw e;
  }
  const parsed = new ParsedExpression(text, node);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

export function parseStandalone(text: string, location?: SourceLocation): ParsedExpression {
  return parseCached(text, { text, base: location }, 0);
}

/** Top-level variable names an expression reads (not attribute names, not loop-local data). */
export function variablesOf(node: Node, out: Set<string>): void {
  switch (node.kind) {
    case 'var':
      if (node.up === 0) out.add(node.name);
      return;
    case 'literal':
    case 'data':
      return;
    case 'list':
      for (const n of node.items) variablesOf(n, out);
      return;
    case 'dict':
      for (const [k, v] of node.entries) {
        variablesOf(k, out);
        variablesOf(v, out);
      }
      return;
    case 'attr':
      variablesOf(node.object, out);
      return;
    case 'index':
      variablesOf(node.object, out);
      variablesOf(node.index, out);
      return;
    case 'slice':
      for (const n of [node.object, node.from, node.to, node.step]) if (n) variablesOf(n, out);
      return;
    case 'call':
      if (node.callee.kind !== 'var') variablesOf(node.callee, out);
      for (const n of node.args) variablesOf(n, out);
      for (const [, n] of node.kwargs) variablesOf(n, out);
      return;
    case 'unary':
      variablesOf(node.operand, out);
      return;
    case 'binary':
      variablesOf(node.left, out);
      variablesOf(node.right, out);
      return;
    case 'compare':
      variablesOf(node.first, out);
      for (const [, n] of node.rest) variablesOf(n, out);
      return;
    case 'filter':
    case 'test':
      variablesOf(node.input, out);
      for (const n of node.args) variablesOf(n, out);
      for (const [, n] of node.kwargs) variablesOf(n, out);
      return;
    case 'cond':
      variablesOf(node.whenTrue, out);
      variablesOf(node.test, out);
      if (node.otherwise) variablesOf(node.otherwise, out);
      return;
  }
}
