import { type TextPosition, templateErrorAt } from './errors.js';
import { jinjaMarkupError } from './jinja-statements.js';

/** One `{{ … }}` (or `{{{ … }}}`) of a template, with the offsets of its parts. */
export interface Mustache {
  start: number;
  end: number;
  triple: boolean;
  stripLeft: boolean;
  stripRight: boolean;
  /** The content without `~` markers; `contentStart` is its offset in the template. */
  content: string;
  contentStart: number;
}

export type Segment =
  | { kind: 'text' | 'comment'; start: number; end: number }
  | ({ kind: 'mustache' } & Mustache);

/** End of a mustache's content: the first `}}` outside a quoted string. */
function findClose(text: string, from: number, close: string): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (text.startsWith(close, i)) return i;
  }
  return -1;
}

/**
 * Splits a template into text and mustaches, as handlebars would (`\{{` is literal), and rejects Jinja
 * statements and comments with a pointer to the handlebars form.
 */
export function scanTemplate(text: string, pos: TextPosition): Segment[] {
  const segments: Segment[] = [];
  let textStart = 0;
  let i = 0;
  const flushText = (end: number) => {
    if (end > textStart) segments.push({ kind: 'text', start: textStart, end });
  };
  while (i < text.length) {
    const at = text.indexOf('{', i);
    if (at < 0 || at + 1 >= text.length) break;
    const next = text[at + 1];
    if (next === '%' || next === '#') {
      const err = jinjaMarkupError(text, at, pos);
      if (err) throw err;
      i = at + 2;
      continue;
    }
    if (next !== '{') {
      i = at + 1;
      continue;
    }
    const escaped = text[at - 1] === '\\' && text[at - 2] !== '\\';
    if (escaped) {
      i = at + 2;
      continue;
    }
    if (text.startsWith('{{!', at)) {
      const long = text.startsWith('{{!--', at);
      const close = long ? text.indexOf('--}}', at + 5) : text.indexOf('}}', at + 3);
      if (close < 0) throw templateErrorAt('PRV305', 'unclosed {{! comment', pos, at);
      const end = close + (long ? 4 : 2);
      flushText(at);
      // Kept as written so handlebars drops a comment standing alone on its line, as it always does.
      segments.push({ kind: 'comment', start: at, end });
      textStart = i = end;
      continue;
    }
    const triple = text.startsWith('{{{', at);
    const openLen = triple ? 3 : 2;
    const closeMark = triple ? '}}}' : '}}';
    const close = findClose(text, at + openLen, closeMark);
    if (close < 0)
      throw templateErrorAt('PRV305', `unclosed ${triple ? '{{{' : '{{'}: no matching ${closeMark}`, pos, at);
    let cs = at + openLen;
    let ce = close;
    // `~` is handlebars' whitespace control, `-` is Jinja's (`{{- x -}}`); both strip all whitespace on that side.
    const stripLeft = text[cs] === '~' || text[cs] === '-';
    if (stripLeft) cs++;
    const stripRight = ce > cs && (text[ce - 1] === '~' || text[ce - 1] === '-');
    if (stripRight) ce--;
    const mustache: Mustache = {
      start: at,
      end: close + closeMark.length,
      triple,
      stripLeft,
      stripRight,
      content: text.slice(cs, ce),
      contentStart: cs,
    };
    flushText(at);
    segments.push({ kind: 'mustache', ...mustache });
    textStart = i = mustache.end;
  }
  flushText(text.length);
  return segments;
}
