import { createHash } from 'node:crypto';
import { parseAllDocuments, parse as parseYaml, type ScalarTag, stringify as stringifyYaml } from 'yaml';
import { problem } from '../errors.js';
import { OMIT } from '../omit.js';
import { failIfUnknown, isMapping, typeName } from '../values.js';
import { arg, type FilterSpec, type Kwargs } from './types.js';

/** Plain JSON-able data: rejects unknown values, turns `omit` into null, guards against cycles. */
function plain(v: unknown, depth = 0): unknown {
  if (depth > 200) throw problem('PRV315', 'value nested too deeply to serialize');
  failIfUnknown(v);
  if (v === undefined || v === OMIT) return null;
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1)]));
  if (typeof v === 'number' && !Number.isFinite(v))
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v === 'symbol' || typeof v === 'function' || typeof v === 'bigint') return String(v);
  return v;
}

/** Python json.dumps output: `, ` and `: ` separators, or indented with sorted keys for to_nice_json. */
export function pythonJson(v: unknown, indent?: number, sortKeys = false, level = 0): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (indent === undefined) return `[${v.map((x) => pythonJson(x, indent, sortKeys)).join(', ')}]`;
    const pad = ' '.repeat(indent * (level + 1));
    return `[\n${v.map((x) => pad + pythonJson(x, indent, sortKeys, level + 1)).join(',\n')}\n${' '.repeat(indent * level)}]`;
  }
  if (isMapping(v)) {
    const keys = sortKeys ? Object.keys(v).sort() : Object.keys(v);
    if (keys.length === 0) return '{}';
    const entry = (k: string, l: number) => `${JSON.stringify(k)}: ${pythonJson(v[k], indent, sortKeys, l)}`;
    if (indent === undefined) return `{${keys.map((k) => entry(k, level)).join(', ')}}`;
    const pad = ' '.repeat(indent * (level + 1));
    return `{\n${keys.map((k) => pad + entry(k, level + 1)).join(',\n')}\n${' '.repeat(indent * level)}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * YAML 1.1 scalars as PyYAML (and so Ansible's from_yaml) reads them: yes/no/on/off are booleans but y/n are
 * not; 0644 and 22:22 stay strings; timestamps stay strings.
 */
function pyYamlTags(tags: unknown[]): ScalarTag[] {
  return (tags as ScalarTag[])
    .filter((t) => t.format !== 'TIME' && t.tag !== 'tag:yaml.org,2002:timestamp')
    .map((t) => {
      if (t.tag === 'tag:yaml.org,2002:int' && t.format === 'OCT')
        return { ...t, resolve: (src: string) => src };
      if (t.tag === 'tag:yaml.org,2002:bool' && t.test) {
        const yes = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
        const no = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
        return { ...t, test: t.test.test('yes') ? yes : no };
      }
      return t;
    });
}
const YAML_OPTIONS = { version: '1.1', customTags: pyYamlTags } as const;

function indentArg(args: unknown[], kw: Kwargs, fallback: number): number {
  const n = Number(arg(args, kw, 0, 'indent', fallback));
  return Number.isInteger(n) && n >= 0 && n <= 16 ? n : fallback;
}

function toYaml(v: unknown, indent: number): string {
  return stringifyYaml(plain(v), { indent: Math.max(indent, 1), lineWidth: 0, aliasDuplicateObjects: false });
}

function text(input: unknown, filter: string): string {
  if (typeof input !== 'string') throw problem('PRV308', `${filter} needs a string, not ${typeName(input)}`);
  return input;
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

function hash(input: unknown, algorithm: unknown): string {
  const algo = String(algorithm ?? 'sha1');
  if (!HASHES.has(algo))
    throw problem('PRV308', `hash: unsupported algorithm ${algo} (use one of ${[...HASHES].join(', ')})`);
  return createHash(algo)
    .update(typeof input === 'string' ? input : pythonJson(plain(input)))
    .digest('hex');
}

export const serializationFilters: Record<string, FilterSpec> = {
  to_json: {
    fn: (i, _args, kw) =>
      pythonJson(plain(i), kw.indent === undefined ? undefined : indentArg([], kw, 4), Boolean(kw.sort_keys)),
  },
  to_nice_json: { fn: (i, args, kw) => pythonJson(plain(i), indentArg(args, kw, 4), true) },
  to_yaml: { fn: (i, args, kw) => toYaml(i, indentArg(args, kw, 2)) },
  to_nice_yaml: { fn: (i, args, kw) => toYaml(i, indentArg(args, kw, 4)) },
  from_json: {
    fn: (i) => {
      try {
        return JSON.parse(text(i, 'from_json')) as unknown;
      } catch (e) {
        throw problem('PRV308', `from_json: ${(e as Error).message}`);
      }
    },
  },
  from_yaml: {
    fn: (i) => {
      try {
        return parseYaml(text(i, 'from_yaml'), { ...YAML_OPTIONS, maxAliasCount: 1000 }) as unknown;
      } catch (e) {
        throw problem('PRV308', `from_yaml: ${(e as Error).message.split('\n')[0]}`);
      }
    },
  },
  from_yaml_all: {
    fn: (i) => {
      const docs = parseAllDocuments(text(i, 'from_yaml_all'), YAML_OPTIONS);
      const list = Array.isArray(docs) ? docs : [docs];
      return list.map((d) => {
        if (d.errors.length > 0)
          throw problem('PRV308', `from_yaml_all: ${d.errors[0]!.message.split('\n')[0]}`);
        return d.toJS({ maxAliasCount: 1000 }) as unknown;
      });
    },
  },
  b64encode: { fn: (i) => Buffer.from(text(i, 'b64encode'), 'utf8').toString('base64') },
  b64decode: { fn: (i) => Buffer.from(text(i, 'b64decode'), 'base64').toString('utf8') },
  hash: { fn: (i, args, kw) => hash(i, arg(args, kw, 0, 'hashtype', 'sha1')) },
  checksum: { fn: (i) => hash(i, 'sha1') },
  md5: { fn: (i) => hash(i, 'md5') },
  sha1: { fn: (i) => hash(i, 'sha1') },
};
