/**
 * Ansible's inline argument form: `copy: src=a dest='/b c' mode=0644`. Splits on whitespace outside quotes and
 * `{{ }}`; `key=value` pairs become params. For free-form modules (command, shell, raw, script) only the
 * special keys are taken out and everything else, in order, is the command text (`_raw_params`).
 */

const FREE_FORM_KEYS = new Set([
  'creates',
  'removes',
  'chdir',
  'executable',
  'warn',
  'stdin',
  'stdin_add_newline',
  'strip_empty_ends',
  'argv',
  'cmd',
]);

export class KvSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

interface Token {
  text: string;
  start: number;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    while (i < input.length && /\s/.test(input[i]!)) i++;
    if (i >= input.length) break;
    const start = i;
    let quote: string | null = null;
    let depth = 0;
    let text = '';
    while (i < input.length) {
      const ch = input[i]!;
      if (quote) {
        if (ch === '\\' && quote === '"' && i + 1 < input.length) {
          text += input[i + 1];
          i += 2;
          continue;
        }
        if (ch === quote) quote = null;
        else text += ch;
        i++;
        continue;
      }
      if (input.startsWith('{{', i) || input.startsWith('{%', i)) {
        depth++;
        text += input.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (depth > 0 && (input.startsWith('}}', i) || input.startsWith('%}', i))) {
        depth--;
        text += input.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (depth === 0 && /\s/.test(ch)) break;
      if (depth === 0 && (ch === '"' || ch === "'")) {
        quote = ch;
        i++;
        continue;
      }
      text += ch;
      i++;
    }
    if (quote) throw new KvSyntaxError(`unterminated ${quote} quote`, start);
    tokens.push({ text, start });
  }
  return tokens;
}

/** Splits the raw (unquoted-aware) text too, so free-form commands keep their original quoting. */
function rawSegments(input: string, tokens: Token[]): string[] {
  return tokens.map((t, idx) => {
    const end = idx + 1 < tokens.length ? tokens[idx + 1]!.start : input.length;
    return input.slice(t.start, end).trimEnd();
  });
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export function parseKvArgs(input: string, freeForm: boolean): Record<string, unknown> {
  const tokens = tokenize(input);
  const raw = rawSegments(input, tokens);
  const params: Record<string, unknown> = {};
  const rest: string[] = [];
  tokens.forEach((tok, idx) => {
    const m = KEY.exec(tok.text);
    if (m && (!freeForm || FREE_FORM_KEYS.has(m[1]!))) {
      params[m[1]!] = m[2]!;
    } else if (freeForm) {
      rest.push(raw[idx]!);
    } else {
      throw new KvSyntaxError(`expected key=value, found '${tok.text}'`, tok.start);
    }
  });
  if (freeForm && rest.length > 0) params._raw_params = rest.join(' ');
  return params;
}
