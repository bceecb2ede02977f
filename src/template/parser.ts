import type { BinaryOp, CompareOp, Node } from './ast.js';
import { SyntaxProblem, type Token, tokenize } from './lexer.js';
import { describe, TokenCursor } from './token-cursor.js';

const LITERAL_NAMES: Record<string, unknown> = {
  true: true,
  false: false,
  True: true,
  False: false,
  none: null,
  None: null,
  null: null,
};
/** Words that end a bare test argument (`x is divisibleby 3` takes one, `x is defined and y` does not). */
const STOP_WORDS = new Set(['and', 'or', 'else', 'if', 'in', 'is', 'not']);

/**
 * Recursive-descent parser with Jinja's precedence: conditional < or < and < not < comparison < + - < ~ <
 * * / // % < ** < unary - + < filters, tests, calls, attribute and index access.
 */
class Parser extends TokenCursor {
  constructor(text: string) {
    super(tokenize(text));
  }

  parseAll(): Node {
    if (this.peek().type === 'eof') throw new SyntaxProblem('empty expression', this.peek().start);
    const node = this.expression();
    const t = this.peek();
    if (t.type !== 'eof') throw new SyntaxProblem(`unexpected ${describe(t)}`, t.start);
    return node;
  }

  expression(): Node {
    this.enter(this.peek().start);
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  private conditional(): Node {
    let node = this.or();
    while (this.isWord('if')) {
      this.next();
      const test = this.or();
      let otherwise: Node | undefined;
      if (this.isWord('else')) {
        this.next();
        otherwise = this.conditional();
      }
      node = {
        kind: 'cond',
        whenTrue: node,
        test,
        otherwise,
        start: node.start,
        end: (otherwise ?? test).end,
      };
    }
    return node;
  }

  private or(): Node {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      const right = this.and();
      left = { kind: 'binary', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isWord('and')) {
      this.next();
      const right = this.not();
      left = { kind: 'binary', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private not(): Node {
    if (this.isWord('not')) {
      const t = this.next();
      this.enter(t.start);
      try {
        const operand = this.not();
        return { kind: 'unary', op: 'not', operand, start: t.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.compare();
  }

  private compare(): Node {
    const first = this.additive();
    const rest: [CompareOp, Node][] = [];
    for (;;) {
      const t = this.peek();
      let op: CompareOp | undefined;
      if (t.type === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.text)) {
        op = t.text as CompareOp;
        this.next();
      } else if (this.isWord('in')) {
        op = 'in';
        this.next();
      } else if (this.isWord('not') && this.isWord('in', 1)) {
        op = 'not in';
        this.next();
        this.next();
      }
      if (!op) break;
      rest.push([op, this.additive()]);
    }
    if (rest.length === 0) return first;
    return { kind: 'compare', first, rest, start: first.start, end: rest[rest.length - 1]![1].end };
  }

  private binaryLevel(ops: string[], operand: () => Node): Node {
    let left = operand();
    while (this.peek().type === 'op' && ops.includes(this.peek().text)) {
      const op = this.next().text as BinaryOp;
      const right = operand();
      left = { kind: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private additive(): Node {
    return this.binaryLevel(['+', '-'], () => this.concat());
  }
  private concat(): Node {
    return this.binaryLevel(['~'], () => this.multiplicative());
  }
  private multiplicative(): Node {
    return this.binaryLevel(['*', '/', '//', '%'], () => this.power());
  }
  private power(): Node {
    return this.binaryLevel(['**'], () => this.unary(true));
  }

  private unary(withFilters: boolean): Node {
    const t = this.peek();
    this.enter(t.start);
    try {
      let node: Node;
      if (t.type === 'op' && (t.text === '-' || t.text === '+')) {
        this.next();
        const operand = this.unary(false);
        node = { kind: 'unary', op: t.text, operand, start: t.start, end: operand.end };
      } else {
        node = this.postfix(this.primary());
      }
      return withFilters ? this.filtersAndTests(node) : node;
    } finally {
      this.depth--;
    }
  }

  private primary(): Node {
    const t = this.next();
    switch (t.type) {
      case 'number':
        return { kind: 'literal', value: t.value, start: t.start, end: t.end };
      case 'string': {
        // Adjacent string literals concatenate, as in Jinja and Python.
        let value = t.text;
        let end = t.end;
        while (this.peek().type === 'string') {
          const s = this.next();
          value += s.text;
          end = s.end;
        }
        return { kind: 'literal', value, start: t.start, end };
      }
      case 'name':
        if (Object.hasOwn(LITERAL_NAMES, t.text)) {
          return { kind: 'literal', value: LITERAL_NAMES[t.text], start: t.start, end: t.end };
        }
        return { kind: 'var', name: t.text, up: 0, start: t.start, end: t.end };
      case 'data':
        return { kind: 'data', name: t.text, start: t.start, end: t.end };
      case 'up': {
        let up = 1;
        while (this.peek().type === 'up') {
          this.next();
          up++;
        }
        const name = this.next();
        if (name.type !== 'name') throw new SyntaxProblem(`expected a name after '../'`, name.start);
        return { kind: 'var', name: name.text, up, start: t.start, end: name.end };
      }
      case 'op':
        if (t.text === '(') return this.parenthesized(t);
        if (t.text === '[') {
          const items = this.sequence(']');
          return { kind: 'list', items, start: t.start, end: this.expectOp(']').end };
        }
        if (t.text === '{') return this.dict(t);
        break;
      default:
        break;
    }
    throw new SyntaxProblem(`unexpected ${describe(t)}`, t.start);
  }

  private parenthesized(open: Token): Node {
    if (this.isOp(')')) {
      return { kind: 'list', items: [], start: open.start, end: this.next().end };
    }
    const first = this.expression();
    if (!this.isOp(',')) {
      this.expectOp(')');
      return first;
    }
    // A tuple: treated as a list.
    const items = [first];
    while (this.isOp(',')) {
      this.next();
      if (this.isOp(')')) break;
      items.push(this.expression());
    }
    return { kind: 'list', items, start: open.start, end: this.expectOp(')').end };
  }

  private sequence(close: string): Node[] {
    const items: Node[] = [];
    while (!this.isOp(close)) {
      items.push(this.expression());
      if (!this.isOp(',')) break;
      this.next();
    }
    return items;
  }

  private dict(open: Token): Node {
    const entries: [Node, Node][] = [];
    while (!this.isOp('}')) {
      const key = this.expression();
      this.expectOp(':');
      entries.push([key, this.expression()]);
      if (!this.isOp(',')) break;
      this.next();
    }
    return { kind: 'dict', entries, start: open.start, end: this.expectOp('}').end };
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const t = this.next();
        if (t.type === 'name')
          node = { kind: 'attr', object: node, name: t.text, start: node.start, end: t.end };
        else if (t.type === 'number' && Number.isInteger(t.value)) {
          const index: Node = { kind: 'literal', value: t.value, start: t.start, end: t.end };
          node = { kind: 'index', object: node, index, start: node.start, end: t.end };
        } else throw new SyntaxProblem(`expected a name after '.' but found ${describe(t)}`, t.start);
      } else if (this.isOp('[')) {
        this.next();
        node = this.subscript(node);
      } else if (this.isOp('(')) {
        node = this.call(node);
      } else return node;
    }
  }

  private subscript(object: Node): Node {
    const parts: (Node | undefined)[] = [];
    let isSlice = false;
    let current: Node | undefined;
    for (;;) {
      if (this.isOp(':')) {
        this.next();
        isSlice = true;
        parts.push(current);
        current = undefined;
        if (parts.length > 2) throw new SyntaxProblem('too many colons in slice', this.peek().start);
        continue;
      }
      if (this.isOp(']')) break;
      if (current)
        throw new SyntaxProblem(`expected ']' but found ${describe(this.peek())}`, this.peek().start);
      current = this.expression();
    }
    const end = this.expectOp(']').end;
    if (!isSlice) {
      if (!current) throw new SyntaxProblem('empty index', end - 1);
      return { kind: 'index', object, index: current, start: object.start, end };
    }
    parts.push(current);
    return { kind: 'slice', object, from: parts[0], to: parts[1], step: parts[2], start: object.start, end };
  }

  private callArgs(): { args: Node[]; kwargs: [string, Node][]; end: number } {
    this.expectOp('(');
    const args: Node[] = [];
    const kwargs: [string, Node][] = [];
    while (!this.isOp(')')) {
      if (this.peek().type === 'name' && this.isOp('=', 1)) {
        const name = this.next().text;
        this.next();
        kwargs.push([name, this.expression()]);
      } else {
        if (kwargs.length > 0)
          throw new SyntaxProblem('positional argument after keyword argument', this.peek().start);
        args.push(this.expression());
      }
      if (!this.isOp(',')) break;
      this.next();
    }
    return { args, kwargs, end: this.expectOp(')').end };
  }

  private call(callee: Node): Node {
    const { args, kwargs, end } = this.callArgs();
    return { kind: 'call', callee, args, kwargs, start: callee.start, end };
  }

  private filtersAndTests(node: Node): Node {
    for (;;) {
      if (this.isOp('|')) {
        this.next();
        const name = this.dottedName();
        let args: Node[] = [];
        let kwargs: [string, Node][] = [];
        let end = name.end;
        if (this.isOp('(')) ({ args, kwargs, end } = this.callArgs());
        node = { kind: 'filter', input: node, name: name.text, args, kwargs, start: node.start, end };
        node = this.postfix(node);
      } else if (this.isWord('is')) {
        this.next();
        let negated = false;
        if (this.isWord('not')) {
          this.next();
          negated = true;
        }
        const name = this.dottedName();
        let args: Node[] = [];
        let kwargs: [string, Node][] = [];
        let end = name.end;
        if (this.isOp('(')) ({ args, kwargs, end } = this.callArgs());
        else if (this.startsBareArgument()) {
          const arg = this.unary(false);
          args = [arg];
          end = arg.end;
        }
        node = { kind: 'test', input: node, name: name.text, args, kwargs, negated, start: node.start, end };
      } else return node;
    }
  }

  private startsBareArgument(): boolean {
    const t = this.peek();
    if (t.type === 'number' || t.type === 'string') return true;
    if (t.type === 'name') return !STOP_WORDS.has(t.text);
    return t.type === 'op' && (t.text === '[' || t.text === '{');
  }
}

/** Parses an expression; throws SyntaxProblem with the offset of the offending token. */
export function parse(text: string): Node {
  return new Parser(text).parseAll();
}
