/** One-line apt source entries (`deb [opts] URI suite comps`): parsed, compared and edited as text. */

export interface SourceLine {
  type: string;
  options: string[];
  uri: string;
  suite: string;
  components: string[];
}

/** Parses a one-line source; undefined when the text is not one (blank, other comment, garbage). */
export function parseSourceLine(text: string): SourceLine | undefined {
  const m = /^\s*(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)((?:\s+[^\s#]+)*)\s*(?:#.*)?$/.exec(text);
  if (!m?.[1] || !m[3] || !m[4]) return undefined;
  return {
    type: m[1],
    options: (m[2] ?? '').trim().split(/\s+/).filter(Boolean).sort(),
    uri: m[3],
    suite: m[4],
    components: (m[5] ?? '').trim().split(/\s+/).filter(Boolean),
  };
}

/** A key that is equal for lines apt reads the same way. */
export function sourceKey(s: SourceLine): string {
  return [s.type, s.options.join(' '), s.uri.replace(/\/+$/, ''), s.suite, s.components.join(' ')].join('|');
}

export interface SourceFile {
  path: string;
  content: string;
}

/** Parses the probe output `path\0content\0path\0content\0...`. */
export function parseSourceFiles(text: string): SourceFile[] {
  const parts = text.split('\0');
  const files: SourceFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2)
    files.push({ path: parts[i] ?? '', content: parts[i + 1] ?? '' });
  return files;
}

/** Lists every one-line source file with its content, NUL-separated, in one probe. */
export const SOURCE_FILES_PROBE =
  'for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] || continue; ' +
  'printf \'%s\\0\' "$f"; cat -- "$f"; printf \'\\0\'; done';

/** Whether a line is an enabled (or, with `#`, disabled) copy of `key`. */
export function lineState(line: string, key: string): 'enabled' | 'disabled' | undefined {
  const enabled = parseSourceLine(line);
  if (enabled && sourceKey(enabled) === key) return 'enabled';
  const commented = /^\s*#+\s*(deb.*)$/.exec(line);
  const disabled = commented?.[1] ? parseSourceLine(commented[1]) : undefined;
  if (disabled && sourceKey(disabled) === key) return 'disabled';
  return undefined;
}

/**
 * The file name Ansible's apt_repository picks for a line: the URI's host and path with everything that is not a
 * letter or digit turned into `_` (options, scheme and credentials dropped).
 */
export function suggestedSourceFilename(line: string): string {
  const withoutOptions = line.replace(/\[[^\]]+\]/g, '').replace(/\w+:\/\//g, '');
  const parts = withoutOptions.split(/\s+/).filter((p) => p !== '' && p !== 'deb' && p !== 'deb-src');
  let first = parts[0] ?? 'repository';
  if (first.includes('@')) first = first.slice(first.indexOf('@') + 1);
  return first
    .replace(/[^a-zA-Z0-9]/g, ' ')
    .trim()
    .split(/\s+/)
    .join('_');
}

/** Joins lines back into a file, keeping a final newline when there is content. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export function splitLines(content: string): string[] {
  if (content === '') return [];
  return content.replace(/\n$/, '').split('\n');
}

/** Fields of the deb822 stanzas in a `.sources` file (keys lower-cased; continuation lines joined). */
export function parseDeb822Stanzas(content: string): Record<string, string>[] {
  const stanzas: Record<string, string>[] = [];
  for (const block of content.split(/\n[ \t]*\n/)) {
    const fields: Record<string, string> = {};
    let last: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('#')) continue;
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (m?.[1]) {
        last = m[1].toLowerCase();
        fields[last] = m[2] ?? '';
      } else if (last && /^\s/.test(line)) fields[last] = `${fields[last]}\n${line.trim()}`;
    }
    if (Object.keys(fields).length > 0) stanzas.push(fields);
  }
  return stanzas;
}

/** Whether an enabled deb822 stanza already makes apt read what a one-line source names. */
export function deb822Covers(content: string, line: SourceLine): boolean {
  const words = (v: string | undefined) => (v ?? '').split(/\s+/).filter(Boolean);
  const uri = line.uri.replace(/\/+$/, '');
  return parseDeb822Stanzas(content).some((st) => {
    if (/^(no|false)$/i.test((st.enabled ?? 'yes').trim())) return false;
    return (
      words(st.types).includes(line.type) &&
      words(st.uris).some((u) => u.replace(/\/+$/, '') === uri) &&
      words(st.suites).includes(line.suite) &&
      line.components.every((c) => words(st.components).includes(c))
    );
  });
}
