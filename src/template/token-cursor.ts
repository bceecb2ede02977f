import { SyntaxProblem, type Token } from './lexer.js';

const MAX_DEPTH = 120;

/** Moving through the token list, with the depth guard that keeps hostile input from overflowing the stack. */
export class TokenCursor {
  private pos = 0;
  protected depth = 0;

  constructor(private readonly tokens: Token[]) {}

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  protected isOp(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'op' && t.text === text;
  }
  protected isWord(text: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'name' && t.text === text;
  }
  protected expectOp(text: string): Token {
    const t = this.peek();
    if (t.type !== 'op' || t.text !== text)
      throw new SyntaxProblem(`expected '${text}' but found ${describe(t)}`, t.start);
    return this.next();
  }
  protected enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new SyntaxProblem('expression nested too deeply', at);
  }

  /** A filter or test name, possibly namespaced: `ansible.utils.ipaddr`. */
  protected dottedName(): Token {
    const first = this.next();
    if (first.type !== 'name')
      throw new SyntaxProblem(`expected a name but found ${describe(first)}`, first.start);
    let text = first.text;
    let end = first.end;
    while (this.isOp('.') && this.peek(1).type === 'name') {
      this.next();
      const part = this.next();
      text += `.${part.text}`;
      end = part.end;
    }
    return { type: 'name', text, start: first.start, end };
  }
}

/** A token as an error message names it. */
export function describe(t: Token): string {
  if (t.type === 'eof') return 'end of expression';
  if (t.type === 'string') return 'a string';
  return `'${t.type === 'data' ? '@' : ''}${t.text}'`;
}
