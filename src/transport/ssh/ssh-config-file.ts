import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { matchPatternList } from './known-hosts.js';
import { parseSshConfig, type SshConfig } from './ssh-config.js';

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Reads ssh_config files in order (later files only fill what earlier ones left unset, as user then system config
 * do in OpenSSH). `Include` paths are relative to ~/.ssh and may use `*`/`?` in the file name.
 */
export function loadSshConfig(files: readonly string[], home: string): SshConfig {
  const readInclude = (pattern: string) => {
    const expanded = pattern.replace(/^~(?=\/|$)/, home);
    const path = isAbsolute(expanded) ? expanded : join(home, '.ssh', expanded);
    const dir = dirname(path);
    const name = basename(path);
    let names = [name];
    if (/[*?]/.test(name)) {
      try {
        names = readdirSync(dir)
          .filter((f) => matchPatternList([name], f))
          .sort();
      } catch {
        names = [];
      }
    }
    return names.flatMap((n) => {
      const text = readIfExists(join(dir, n));
      return text === undefined ? [] : [{ file: join(dir, n), text }];
    });
  };
  const blocks: SshConfig['blocks'] = [];
  for (const file of files) {
    const text = readIfExists(file);
    if (text !== undefined) blocks.push(...parseSshConfig(text, file, readInclude).blocks);
  }
  return { blocks };
}
