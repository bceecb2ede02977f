import { ProvisionError } from '../errors/provision-error.js';
import { arithmetic } from './arithmetic.js';
import type { Node } from './ast.js';
import {
  EvalProblem,
  locateOffset,
  snippetAt,
  type TextPosition,
  templateErrorAt,
  UndefinedVariableError,
  UnknownValue,
  UnknownValueError,
} from './errors.js';
import { filters } from './filters/index.js';
import { type CallContext, type Kwargs, shortName } from './filters/types.js';
import { callGlobal, GLOBAL_FUNCTIONS } from './globals.js';
import { callMethod } from './methods.js';
import { OMIT } from './omit.js';
import { compare, sliceValue } from './operators.js';
import type { EvalOptions } from './options.js';
import { tests } from './tests.js';
import { isTruthy } from './truthiness.js';
import { UndefinedValue } from './undefined-value.js';
import { hasKey, MISSING, member, readKey, typeName } from './values.js';

/** How names are found: the scope for expressions; inside templates also the block context and @data. */
export interface Resolver {
  /** The value of `name` (`up` levels of ../ above the current block), or MISSING. */
  lookup(name: string, up: number): unknown;
  /** `@index`, `@key`, …: MISSING outside a block that sets them. */
  data(name: string): unknown;
}

export function scopeResolver(scope: Record<string, unknown>): Resolver {
  return {
    lookup: (name) => (hasKey(scope, name) ? readKey(scope, name) : MISSING),
    data: () => MISSING,
  };
}

/** Where the evaluated expression sits: node offsets are relative to `offset` within `pos.text`. */
export interface EvalSite {
  pos: TextPosition;
  offset: number;
  /** The expression text, to name what was undefined (`hostvars['x'].y`). */
  source: string;
}

const MAX_EVAL_DEPTH = 200;

class Evaluator implements CallContext {
  private depth = 0;
  constructor(
    private readonly resolver: Resolver,
    readonly options: EvalOptions,
    private readonly site: EvalSite,
  ) {}

  private fail(node: Node, e: unknown): never {
    if (e instanceof EvalProblem) {
      if (e.code === 'PRV302') throw this.undefinedError(node, e.message);
      throw templateErrorAt(e.code, e.message, this.site.pos, this.site.offset + node.start, e.hint);
    }
    throw e;
  }

  private guard<T>(node: Node, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      // A filter handed values it cannot convert (an object whose toString is not a function, a huge string)
      // fails as the filter's error, never as a crash of the engine.
      if (e instanceof TypeError)
        return this.fail(node, new EvalProblem('PRV308', `cannot handle this value: ${e.message}`));
      if (e instanceof RangeError)
        return this.fail(node, new EvalProblem('PRV315', `value too large: ${e.message}`));
      return this.fail(node, e);
    }
  }

  private undefinedError(node: Node, message?: string): UndefinedVariableError {
    const name = this.site.source.slice(node.start, node.end);
    const offset = this.site.offset + node.start;
    return new UndefinedVariableError({
      variable: node.kind === 'var' ? node.name : name,
      message: message ?? `'${name}' is undefined`,
      location: locateOffset(this.site.pos, offset),
      snippet: snippetAt(this.site.pos.text, offset),
    });
  }

  private readVar(name: string): unknown {
    const v = this.resolver.lookup(name, 0);
    if (v !== MISSING) return v;
    if (name === 'omit') return OMIT;
    return MISSING;
  }

  /** Reads a variable or member chain without failing on a missing end: for `is defined` and `default`. */
  lenient(node: Node): unknown {
    if (node.kind === 'var') {
      const v = node.up > 0 ? this.resolver.lookup(node.name, node.up) : this.readVar(node.name);
      return v === MISSING ? new UndefinedValue(node.name) : v;
    }
    if (node.kind === 'data') {
      const v = this.resolver.data(node.name);
      return v === MISSING ? new UndefinedValue(`@${node.name}`) : v;
    }
    if (node.kind === 'attr' || node.kind === 'index') {
      const object = this.lenient(node.object);
      if (object instanceof UndefinedValue) return object;
      if (object instanceof UnknownValue) throw new UnknownValueError(object.reason);
      const key = node.kind === 'attr' ? node.name : this.value(node.index);
      const v = this.guard(node, () => member(object, key));
      return v === MISSING ? new UndefinedValue(this.site.source.slice(node.start, node.end)) : v;
    }
    return this.value(node);
  }

  /** Evaluates strictly: undefined names fail, unknown values stop evaluation. */
  value(node: Node): unknown {
    if (++this.depth > MAX_EVAL_DEPTH) {
      throw templateErrorAt(
        'PRV315',
        'expression nested too deeply',
        this.site.pos,
        this.site.offset + node.start,
      );
    }
    try {
      const v = this.compute(node);
      if (v instanceof UnknownValue) throw new UnknownValueError(v.reason);
      return v;
    } finally {
      this.depth--;
    }
  }

  private compute(node: Node): unknown {
    switch (node.kind) {
      case 'literal':
        return node.value;
      case 'list':
        return node.items.map((n) => this.value(n));
      case 'dict': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of node.entries) {
          const key = this.value(k);
          if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
            this.fail(
              k,
              new EvalProblem('PRV309', `a dict key must be a string or number, not ${typeName(key)}`),
            );
          }
          Object.defineProperty(out, String(key), {
            value: this.value(v),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return out;
      }
      case 'var':
      case 'data':
      case 'attr':
      case 'index': {
        const v = this.lenient(node);
        if (v instanceof UndefinedValue) throw this.undefinedError(node);
        return v;
      }
      case 'slice':
        return this.slice(node);
      case 'call':
        return this.call(node);
      case 'unary': {
        const v = this.value(node.operand);
        if (node.op === 'not') return !isTruthy(v);
        if (typeof v !== 'number' && typeof v !== 'boolean') {
          this.fail(node, new EvalProblem('PRV309', `bad operand type for unary ${node.op}: ${typeName(v)}`));
        }
        return node.op === '-' ? -Number(v) : Number(v);
      }
      case 'binary': {
        if (node.op === 'and') {
          const l = this.value(node.left);
          return isTruthy(l) ? this.value(node.right) : l;
        }
        if (node.op === 'or') {
          const l = this.value(node.left);
          return isTruthy(l) ? l : this.value(node.right);
        }
        const l = this.value(node.left);
        const r = this.value(node.right);
        const op = node.op;
        return this.guard(node, () => arithmetic(op, l, r));
      }
      case 'compare': {
        let left = this.value(node.first);
        for (const [op, rightNode] of node.rest) {
          const right = this.value(rightNode);
          if (!this.guard(node, () => compare(op, left, right))) return false;
          left = right;
        }
        return true;
      }
      case 'filter':
        return this.applyFilterNode(node);
      case 'test':
        return this.applyTestNode(node);
      case 'cond':
        if (isTruthy(this.value(node.test))) return this.value(node.whenTrue);
        return node.otherwise ? this.value(node.otherwise) : '';
    }
  }

  private slice(node: Extract<Node, { kind: 'slice' }>): unknown {
    const object = this.value(node.object);
    const num = (n: Node | undefined): number | undefined => {
      if (!n) return undefined;
      const v = this.value(n);
      if (v === null) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v))
        this.fail(n, new EvalProblem('PRV309', 'slice indices must be integers'));
      return v;
    };
    const [from, to, step] = [num(node.from), num(node.to), num(node.step)];
    return this.guard(node, () => sliceValue(object, from, to, step));
  }

  private args(nodes: Node[], kwNodes: [string, Node][]): { args: unknown[]; kwargs: Kwargs } {
    const kwargs: Kwargs = {};
    for (const [k, n] of kwNodes) kwargs[k] = this.value(n);
    return { args: nodes.map((n) => this.value(n)), kwargs };
  }

  private call(node: Extract<Node, { kind: 'call' }>): unknown {
    const callee = node.callee;
    if (callee.kind === 'var' && callee.up === 0 && GLOBAL_FUNCTIONS.has(callee.name)) {
      const { args, kwargs } = this.args(node.args, node.kwargs);
      return this.guard(node, () =>
        callGlobal(callee.name, args, kwargs, this.options, (name) => {
          const v = this.readVar(name);
          return v === MISSING ? undefined : v;
        }),
      );
    }
    if (callee.kind === 'attr') {
      const self = this.value(callee.object);
      const { args } = this.args(node.args, node.kwargs);
      return this.guard(callee, () => callMethod(self, callee.name, args));
    }
    const what = this.site.source.slice(callee.start, callee.end);
    return this.fail(callee, new EvalProblem('PRV316', `'${what}' cannot be called`));
  }

  private applyFilterNode(node: Extract<Node, { kind: 'filter' }>): unknown {
    const name = shortName(node.name);
    const spec = filters.get(name);
    if (!spec) this.fail(node, new EvalProblem('PRV306', `unknown filter '${node.name}'`));
    const input = spec.lenient ? this.lenient(node.input) : this.value(node.input);
    const { args, kwargs } = this.args(node.args, node.kwargs);
    return this.guard(node, () => spec.fn(input, args, kwargs, this));
  }

  private applyTestNode(node: Extract<Node, { kind: 'test' }>): boolean {
    const spec = tests[shortName(node.name)];
    if (!spec || !Object.hasOwn(tests, shortName(node.name))) {
      this.fail(node, new EvalProblem('PRV307', `unknown test '${node.name}'`));
    }
    const input = spec.lenient ? this.lenient(node.input) : this.value(node.input);
    const { args, kwargs } = this.args(node.args, node.kwargs);
    const result = this.guard(node, () => spec.fn(input, args, kwargs, this));
    return node.negated ? !result : result;
  }

  filter(name: string, input: unknown, args: unknown[], kwargs: Kwargs = {}): unknown {
    const spec = filters.get(shortName(name));
    if (!spec) throw new EvalProblem('PRV306', `unknown filter '${name}'`);
    return spec.fn(input, args, kwargs, this);
  }

  test(name: string, input: unknown, args: unknown[], kwargs: Kwargs = {}): boolean {
    const short = shortName(name);
    const spec = Object.hasOwn(tests, short) ? tests[short] : undefined;
    if (!spec) throw new EvalProblem('PRV307', `unknown test '${name}'`);
    if (input instanceof UndefinedValue && !spec.lenient) {
      throw new EvalProblem('PRV302', `'${input.name}' is undefined`);
    }
    return spec.fn(input, args, kwargs, this);
  }
}

/**
 * Evaluates a parsed expression. Errors are ProvisionErrors (TemplateError, UndefinedVariableError) pointing at
 * the failing node, or UnknownValueError; anything else escaping is a bug, reported as an internal error.
 */
export function evaluateNode(node: Node, resolver: Resolver, options: EvalOptions, site: EvalSite): unknown {
  const ev = new Evaluator(resolver, options, site);
  try {
    return ev.value(node);
  } catch (e) {
    if (e instanceof ProvisionError || e instanceof UnknownValueError) throw e;
    if (e instanceof EvalProblem)
      throw templateErrorAt(e.code, e.message, site.pos, site.offset + node.start, e.hint);
    if (e instanceof RangeError) {
      throw templateErrorAt(
        'PRV315',
        `expression too large to evaluate: ${e.message}`,
        site.pos,
        site.offset + node.start,
      );
    }
    throw e;
  }
}
