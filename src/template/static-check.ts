import type { Node } from './ast.js';
import { type TextPosition, templateErrorAt } from './errors.js';
import { filters } from './filters/index.js';
import { shortName } from './filters/types.js';
import { GLOBAL_FUNCTIONS } from './globals.js';
import { tests } from './tests.js';

function children(node: Node): Node[] {
  switch (node.kind) {
    case 'literal':
    case 'var':
    case 'data':
      return [];
    case 'list':
      return node.items;
    case 'dict':
      return node.entries.flat();
    case 'attr':
      return [node.object];
    case 'index':
      return [node.object, node.index];
    case 'slice':
      return [node.object, node.from, node.to, node.step].filter((n): n is Node => n !== undefined);
    case 'call':
      return [node.callee, ...node.args, ...node.kwargs.map(([, n]) => n)];
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'compare':
      return [node.first, ...node.rest.map(([, n]) => n)];
    case 'filter':
    case 'test':
      return [node.input, ...node.args, ...node.kwargs.map(([, n]) => n)];
    case 'cond':
      return [node.whenTrue, node.test, ...(node.otherwise ? [node.otherwise] : [])];
  }
}

/** Names that can be checked before anything runs: filters, tests and called globals. */
export function checkNames(node: Node, pos: TextPosition, offset: number, depth = 0): void {
  if (depth > 300) return;
  if (node.kind === 'filter' && !filters.has(shortName(node.name))) {
    throw templateErrorAt('PRV306', `unknown filter '${node.name}'`, pos, offset + node.start);
  }
  if (node.kind === 'test' && !Object.hasOwn(tests, shortName(node.name))) {
    throw templateErrorAt('PRV307', `unknown test '${node.name}'`, pos, offset + node.start);
  }
  if (node.kind === 'call' && node.callee.kind === 'var' && !GLOBAL_FUNCTIONS.has(node.callee.name)) {
    throw templateErrorAt('PRV316', `'${node.callee.name}' cannot be called`, pos, offset + node.start);
  }
  for (const child of children(node)) checkNames(child, pos, offset, depth + 1);
}
