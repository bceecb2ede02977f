/**
 * The ssh command-line options inside `ansible_ssh_common_args` / `ansible_ssh_extra_args`, read as OpenSSH would:
 * `-o Key=Value` (or `-o "Key Value"`), `-i`, `-p`, `-l`, `-J`, `-F`. Flags without meaning here (`-q`, `-C`, …)
 * are reported as ignored rather than failing, since Ansible users copy them from working ssh command lines.
 */

export interface SshArgs {
  /** `-o` options, keyword lower-case; the first occurrence wins, as on OpenSSH's command line. */
  options: Record<string, string>;
  identityFiles: string[];
  configFile?: string;
  ignored: string[];
}

/** Splits a string into words as a POSIX shell would (quotes and backslashes; no expansions). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      word += text.slice(i + 1, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) i++;
        word += text[i];
        i++;
      }
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const FLAG_OPTIONS: Record<string, string> = { p: 'port', l: 'user', J: 'proxyjump' };

export function parseSshArgs(...texts: (string | undefined)[]): SshArgs {
  const result: SshArgs = { options: {}, identityFiles: [], ignored: [] };
  const set = (key: string, value: string) => {
    const k = key.toLowerCase();
    if (k === 'identityfile') result.identityFiles.push(value);
    else if (result.options[k] === undefined) result.options[k] = value;
  };
  for (const raw of texts) {
    if (!raw) continue;
    // An INI value kept with its quotes ('-o A=1 -o B=2') is one list of options, as Ansible reads it.
    const text = /^(['"])[^'"]*\1$/.test(raw.trim()) ? raw.trim().slice(1, -1) : raw;
    const words = shellWords(text);
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      const m = /^-([oiplJF])(.*)$/.exec(w);
      if (!m) {
        result.ignored.push(w);
        continue;
      }
      const flag = m[1] as string;
      const value = m[2] !== '' ? (m[2] as string) : (words[++i] ?? '');
      if (flag === 'o') {
        const kv = /^([A-Za-z]+)(?:\s*=\s*|\s+)(.*)$/.exec(value.trim());
        if (kv) set(kv[1] as string, (kv[2] as string).trim());
        else result.ignored.push(`-o ${value}`);
      } else if (flag === 'i') {
        result.identityFiles.push(value);
      } else if (flag === 'F') {
        result.configFile ??= value;
      } else {
        set(FLAG_OPTIONS[flag] as string, value);
      }
    }
  }
  return result;
}
