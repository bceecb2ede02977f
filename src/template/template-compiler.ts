import { type TextPosition, templateErrorAt } from './errors.js';
import { type ParsedExpression, parseCached } from './expression.js';
import { type Mustache, scanTemplate } from './template-scanner.js';

/** An expression used by a compiled template, and where its text starts in the template. */
export interface TemplateExpression {
  expr: ParsedExpression;
  offset: number;
}

/**
 * A template rewritten for handlebars: every expression became a call of our helper with an index into `exprs`,
 * so handlebars keeps block structure and whitespace rules while all values come from our evaluator.
 */
export interface CompiledTemplate {
  source: string;
  handlebarsSource: string;
  exprs: TemplateExpression[];
  /** Set when the template is exactly one `{{ expr }}` (whitespace around allowed): its index in `exprs`. */
  single?: number;
  /** Names bound by `as |x i|` block parameters; not variables of the scope. */
  blockParams: Set<string>;
}

export const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with']);
export const VALUE_HELPER = '__pv_value';
export const OUTPUT_HELPER = '__pv_output';
/** Prints its string argument: text braces right after a tag (`{{ a }}}`) would otherwise read as `}}}`. */
export const LITERAL_HELPER = '__pv_literal';

interface OpenBlock {
  name: string;
  offset: number;
}

class Compiler {
  private readonly exprs: TemplateExpression[] = [];
  private readonly stack: OpenBlock[] = [];
  private readonly blockParams = new Set<string>();
  private expressionMustaches = 0;

  constructor(
    private readonly text: string,
    private readonly pos: TextPosition,
  ) {}

  private addExpression(exprText: string, offset: number): number {
    const lead = exprText.length - exprText.trimStart().length;
    const trimmed = exprText.trim();
    this.exprs.push({ expr: parseCached(trimmed, this.pos, offset + lead), offset: offset + lead });
    return this.exprs.length - 1;
  }

  private tag(m: Mustache, inner: string): string {
    return `{{${m.stripLeft ? '~' : ''}${inner}${m.stripRight ? '~' : ''}}}`;
  }

  private block(m: Mustache, body: string, bodyOffset: number): string {
    const head = /^([A-Za-z_][\w-]*)/.exec(body);
    const name = head?.[1] ?? '';
    if (!BLOCK_HELPERS.has(name)) {
      throw templateErrorAt(
        'PRV310',
        `unknown block helper '#${name || body.slice(0, 20)}'`,
        this.pos,
        m.start,
      );
    }
    let rest = body.slice(name.length);
    const restOffset = bodyOffset + name.length;
    let params: string[] = [];
    const as = /\s+as\s+\|([^|]*)\|\s*$/.exec(rest);
    if (as) {
      params = as[1]!.trim().split(/\s+/).filter(Boolean);
      if (params.length === 0 || params.length > 2 || params.some((p) => !/^[A-Za-z_]\w*$/.test(p))) {
        throw templateErrorAt(
          'PRV305',
          'block parameters must be one or two names: as |item| or as |item index|',
          this.pos,
          restOffset + as.index,
        );
      }
      for (const p of params) this.blockParams.add(p);
      rest = rest.slice(0, as.index);
    }
    if (rest.trim() === '') throw templateErrorAt('PRV305', `{{#${name}}} needs a value`, this.pos, m.start);
    const id = this.addExpression(rest, restOffset);
    this.stack.push({ name, offset: m.start });
    const bp = params.length > 0 ? ` __bp="${params.join(' ')}"` : '';
    return this.tag(m, `#${name} (${VALUE_HELPER} ${id})${bp}`);
  }

  private mustache(m: Mustache): string {
    const lead = m.content.length - m.content.trimStart().length;
    const body = m.content.trim();
    const bodyOffset = m.contentStart + lead;
    const first = body[0];
    if (first === '#') {
      const after = body.slice(1);
      const skip = after.length - after.trimStart().length;
      if (after.startsWith('>') || after.startsWith('*')) {
        throw templateErrorAt('PRV310', 'partial blocks and decorators are not supported', this.pos, m.start);
      }
      return this.block(m, after.trimStart(), bodyOffset + 1 + skip);
    }
    if (first === '/') {
      const name = body.slice(1).trim();
      const open = this.stack.pop();
      if (!open)
        throw templateErrorAt(
          'PRV305',
          `{{/${name}}} closes a block that was never opened`,
          this.pos,
          m.start,
        );
      if (open.name !== name) {
        throw templateErrorAt(
          'PRV305',
          `{{/${name}}} closes {{#${open.name}}}; expected {{/${open.name}}}`,
          this.pos,
          m.start,
        );
      }
      return this.tag(m, `/${name}`);
    }
    const elseMatch = /^(?:else|\^)(?:\s+(if|unless)\s+([\s\S]*))?$/.exec(body);
    if (elseMatch && (body === '^' || body.startsWith('else'))) {
      if (this.stack.length === 0)
        throw templateErrorAt('PRV305', '{{else}} outside a block', this.pos, m.start);
      if (!elseMatch[1]) return this.tag(m, 'else');
      const condOffset = bodyOffset + body.length - elseMatch[2]!.length;
      if (elseMatch[2]!.trim() === '')
        throw templateErrorAt('PRV305', `{{else ${elseMatch[1]}}} needs a value`, this.pos, m.start);
      const id = this.addExpression(elseMatch[2]!, condOffset);
      return this.tag(m, `else ${elseMatch[1]} (${VALUE_HELPER} ${id})`);
    }
    if (first === '^')
      throw templateErrorAt(
        'PRV310',
        'inverse sections {{^x}} are not supported; use {{#unless x}}',
        this.pos,
        m.start,
      );
    if (first === '>')
      throw templateErrorAt('PRV310', 'partials {{> name}} are not supported', this.pos, m.start);
    if (first === '*') throw templateErrorAt('PRV310', 'decorators are not supported', this.pos, m.start);
    const exprText = first === '&' ? m.content.slice(lead + 1) : m.content;
    const exprOffset = first === '&' ? bodyOffset + 1 : m.contentStart;
    const id = this.addExpression(exprText, exprOffset);
    this.expressionMustaches++;
    return this.tag(m, `${OUTPUT_HELPER} ${id}`);
  }

  compile(): CompiledTemplate {
    const segments = scanTemplate(this.text, this.pos);
    const out: string[] = [];
    let onlyWhitespaceText = true;
    for (const s of segments) {
      if (s.kind === 'mustache') out.push(this.mustache(s));
      else {
        const raw = this.text.slice(s.start, s.end);
        if (s.kind === 'comment' || raw.trim() !== '') onlyWhitespaceText = false;
        const braces = s.kind === 'text' ? (/^\}+/.exec(raw)?.[0] ?? '') : '';
        if (braces) out.push(`{{${LITERAL_HELPER} "${braces}"}}`);
        out.push(raw.slice(braces.length));
      }
    }
    const open = this.stack.pop();
    if (open)
      throw templateErrorAt(
        'PRV305',
        `{{#${open.name}}} is never closed with {{/${open.name}}}`,
        this.pos,
        open.offset,
      );
    const isSingle = onlyWhitespaceText && this.expressionMustaches === 1 && this.exprs.length === 1;
    return {
      source: this.text,
      handlebarsSource: out.join(''),
      exprs: this.exprs,
      single: isSingle ? 0 : undefined,
      blockParams: this.blockParams,
    };
  }
}

export function compileTemplateSource(text: string, pos: TextPosition): CompiledTemplate {
  return new Compiler(text, pos).compile();
}
