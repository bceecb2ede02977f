import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type ScalarTag,
  type YAMLError,
} from 'yaml';
import { offsetToLineCol, type SourceLocation } from '../errors/location.js';

/** A path into a parsed YAML value: keys and list indexes. */
export type YamlPath = readonly (string | number)[];

/** One YAML document parsed to plain JS values, able to say where any value came from. */
export interface YamlSource {
  file: string;
  text: string;
  value: unknown;
  /** Location of the value (or, with `key: true`, the map key) at `path`; falls back to the nearest parent. */
  locate(path: YamlPath, opts?: { key?: boolean }): SourceLocation;
  /** The source line at a location, for error snippets. */
  lineAt(line: number): string;
}

export interface YamlSyntaxProblem {
  message: string;
  location: SourceLocation;
  snippet: string;
}

/** Thrown by parseYamlSource for invalid YAML; callers turn it into their own typed error. */
export class YamlSyntaxError extends Error {
  constructor(readonly problem: YamlSyntaxProblem) {
    super(problem.message);
  }
}

function describe(err: YAMLError): string {
  const first = err.message.split('\n')[0] ?? err.message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * YAML 1.1 scalars, as Ansible (PyYAML) reads them — `yes`/`no`/`on`/`off` are booleans — with two pitfalls
 * defused: an octal-looking integer (`0644`) stays the string `'0644'` (so `mode: 0644` means what its writer
 * meant, and a quoted or unquoted mode behave the same), and sexagesimal numbers (`22:22` → 1342) stay strings.
 */
function ansibleTags(tags: ScalarTag[]): ScalarTag[] {
  return tags
    .filter((t) => t.format !== 'TIME')
    .map((t) => {
      if (t.tag === 'tag:yaml.org,2002:int' && t.format === 'OCT')
        return { ...t, resolve: (src: string) => src };
      // PyYAML (and so Ansible) reads y/Y/n/N as strings; only the spelled-out words are booleans.
      if (t.tag === 'tag:yaml.org,2002:bool' && t.test) {
        const isTrue = t.test.test('yes');
        return {
          ...t,
          test: isTrue
            ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/
            : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
        };
      }
      return t;
    });
}

/**
 * Parses YAML keeping the node tree so errors can point at file:line:col. Duplicate keys are errors, as in
 * Ansible's strict mode.
 */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    customTags: (tags) => ansibleTags(tags as ScalarTag[]),
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const lines = text.split('\n');
  const lineAt = (line: number) => lines[line - 1] ?? '';
  const at = (offset: number): SourceLocation => ({ file, ...offsetToLineCol(text, offset) });
  const err = doc.errors[0];
  if (err) {
    const location = at(errorOffset(err, text));
    throw new YamlSyntaxError({
      message: describe(err),
      location,
      snippet: caret(lineAt(location.line), location.col),
    });
  }
  const mustache = unquotedMustache(doc.contents, text);
  if (mustache !== undefined) {
    const location = at(mustache);
    throw new YamlSyntaxError({
      message: 'a value starting with {{ must be quoted: YAML reads {{ x }} as a nested map',
      location,
      snippet: caret(lineAt(location.line), location.col),
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
  } catch (e) {
    // An alias to an anchor that does not exist, or an alias bomb: point at the first alias.
    const alias = /\*[A-Za-z0-9_-]+/.exec(text);
    const location = at(alias?.index ?? 0);
    throw new YamlSyntaxError({
      message: e instanceof Error ? e.message : String(e),
      location,
      snippet: caret(lineAt(location.line), location.col),
    });
  }

  const locate = (path: YamlPath, opts: { key?: boolean } = {}): SourceLocation => {
    let node: unknown = doc.contents;
    let best: number = (doc.contents as Node | null)?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg),
        );
        if (!pair) break;
        const keyNode = pair.key as Node | null;
        if (last && opts.key && keyNode?.range) return at(keyNode.range[0]);
        const valueNode = pair.value as Node | null;
        if (valueNode?.range) best = valueNode.range[0];
        else if (keyNode?.range) best = keyNode.range[0];
        node = valueNode;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        if (item.range) best = item.range[0];
        node = item;
      } else break;
    }
    return at(best);
  };
  return { file, text, value, locate, lineAt };
}

/** Where to point for a syntax error: an unterminated quote is shown where it opens, not where the file ends. */
function errorOffset(err: YAMLError, text: string): number {
  const m = /^Missing closing (["'])quote/.exec(err.message);
  if (m) {
    const open = text.lastIndexOf(m[1]!, Math.min(err.pos[0], text.length - 1));
    if (open >= 0) return open;
  }
  return err.pos[0];
}

/** Offset of the first flow map written as `{{ … }}` (an unquoted template), if any. */
function unquotedMustache(node: unknown, text: string): number | undefined {
  if (isMap(node)) {
    const start = node.range?.[0];
    if (node.flow && start !== undefined && text.startsWith('{{', start)) return start;
    for (const pair of node.items) {
      const found = unquotedMustache(pair.key, text) ?? unquotedMustache(pair.value, text);
      if (found !== undefined) return found;
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const found = unquotedMustache(item, text);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A source line with a caret under the column. */
export function caret(line: string, col: number): string {
  return `${line}\n${' '.repeat(Math.max(0, col - 1))}^`;
}
