/**
 * Templates and expressions: a safe Jinja-style expression language (hand-written parser, no eval) used for
 * `when`-style conditions and inside handlebars mustaches, plus handlebars for block structure.
 */
import type { SourceLocation } from '../errors/location.js';
import { ProvisionError } from '../errors/provision-error.js';
import { EvalProblem, type TextPosition } from './errors.js';
import { evaluateNode, scopeResolver } from './evaluate.js';
import {
  type Expression,
  ParsedExpression,
  parseCached,
  parseStandalone,
  variablesOf,
} from './expression.js';
import { filters } from './filters/index.js';
import { compileTemplate } from './handlebars-bridge.js';
import type { EvalOptions } from './options.js';
import { hasMarkup, isTemplatedValue, renderStringAt, renderValueAt, type Scope } from './render.js';
import { checkNames } from './static-check.js';
import { isTruthy } from './truthiness.js';

export { UndefinedVariableError, UnknownValue, UnknownValueError } from './errors.js';
export type { Expression } from './expression.js';
export { OMIT } from './omit.js';
export type { EvalOptions, Lookups } from './options.js';
export type { Scope } from './render.js';
export { type TemplatedScopeOptions, templatedScope } from './templated-scope.js';
export { isTruthy } from './truthiness.js';

/** Parses a bare expression; a syntax error is a TemplateError (PRV301) at the exact column. */
export function parseExpression(text: string, location?: SourceLocation): Expression {
  return parseStandalone(text, location);
}

export function evaluateExpression(
  expr: Expression | string,
  scope: Scope,
  options: EvalOptions = {},
): unknown {
  const parsed =
    expr instanceof ParsedExpression
      ? expr
      : parseStandalone(typeof expr === 'string' ? expr : expr.source, options.location);
  const pos: TextPosition = { text: parsed.source, base: options.location };
  return evaluateNode(parsed.node, scopeResolver(scope), options, { pos, offset: 0, source: parsed.source });
}

/**
 * A condition as `when`, `changed_when`, `failed_when`, `until` and `assert.that` take it: a boolean, a bare
 * expression, a list (all must hold), or an expression wrapped in `{{ }}`.
 */
export function evaluateCondition(cond: unknown, scope: Scope, options: EvalOptions = {}): boolean {
  if (typeof cond === 'boolean') return cond;
  if (Array.isArray(cond)) return cond.every((c) => evaluateCondition(c, scope, options));
  if (typeof cond !== 'string') return isTruthy(cond);
  if (!hasMarkup(cond)) return isTruthy(evaluateExpression(cond, scope, options));
  const pos: TextPosition = { text: cond, base: options.location };
  const entry = compileTemplate(cond, pos);
  const single = entry.compiled.single;
  if (single !== undefined) {
    const { expr, offset } = entry.compiled.exprs[single]!;
    return isTruthy(
      evaluateNode(expr.node, scopeResolver(scope), options, { pos, offset, source: expr.source }),
    );
  }
  // `"{{ a }} == 'x'"`: rendered first, then evaluated, as Ansible does.
  const rendered = renderStringAt(cond, scope, options);
  return isTruthy(evaluateExpression(rendered, scope, { ...options }));
}

/** Renders strings deep inside `value`; a string that is exactly one `{{ expr }}` keeps the value's type. */
export function renderValue(value: unknown, scope: Scope, options: EvalOptions = {}): unknown {
  return renderValueAt(value, scope, options);
}

export function renderString(text: string, scope: Scope, options: EvalOptions = {}): string {
  return renderStringAt(text, scope, options);
}

/** Static check of a template: Jinja statements, block structure, every expression and filter/test name. */
export function checkTemplateSyntax(text: string, location: SourceLocation): void {
  if (!hasMarkup(text)) return;
  const pos: TextPosition = { text, base: location };
  const { compiled } = compileTemplate(text, pos);
  for (const { expr, offset } of compiled.exprs) checkNames(expr.node, pos, offset);
}

/** Static check of a bare condition (`{{ }}` around it tolerated). */
export function checkExpressionSyntax(text: string, location: SourceLocation): void {
  if (hasMarkup(text)) {
    checkTemplateSyntax(text, location);
    return;
  }
  const parsed = parseCached(text, { text, base: location }, 0);
  checkNames(parsed.node, { text, base: location }, 0);
}

export function isTemplated(value: unknown): boolean {
  return isTemplatedValue(value);
}

/** Top-level variable names a template or bare expression reads (for dependency tracking). */
export function referencedVariables(textOrExpr: string): string[] {
  const names = new Set<string>();
  if (hasMarkup(textOrExpr)) {
    const { compiled } = compileTemplate(textOrExpr, { text: textOrExpr });
    for (const { expr } of compiled.exprs) variablesOf(expr.node, names);
    for (const p of compiled.blockParams) names.delete(p);
    names.delete('this');
  } else variablesOf(parseStandalone(textOrExpr).node, names);
  names.delete('omit');
  return [...names];
}

/**
 * Adds a filter: `fn(input, ...args)`, with keyword arguments (if any) as a last object argument. A plain Error
 * it throws becomes a TemplateError (PRV308) at the filter's position.
 */
export function registerFilter(name: string, fn: (...args: unknown[]) => unknown): void {
  filters.set(name, {
    fn: (input, args, kwargs) => {
      try {
        return fn(input, ...args, ...(Object.keys(kwargs).length > 0 ? [kwargs] : []));
      } catch (e) {
        if (e instanceof ProvisionError || e instanceof EvalProblem || !(e instanceof Error)) throw e;
        if (e.name === 'UnknownValueError') throw e;
        throw new EvalProblem('PRV308', `filter '${name}' failed: ${e.message}`);
      }
    },
  });
}
