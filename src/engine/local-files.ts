import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ModuleError } from '../errors/index.js';
import type { LocalFiles } from '../modules/module.js';

/** Finds files a task names the way Ansible does: the role's files/ or templates/, then the playbook's. */
export function localFiles(opts: {
  rolePath?: string;
  baseDir: string;
  playbookDir: string;
  host: string;
  task: string;
}): LocalFiles {
  return {
    resolve(src, kind) {
      if (isAbsolute(src)) {
        if (existsSync(src)) return src;
        throw new ModuleError({
          code: 'PRV402',
          host: opts.host,
          task: opts.task,
          message: `local file not found: ${src}`,
        });
      }
      const dirs = [
        ...(opts.rolePath ? [join(opts.rolePath, kind), opts.rolePath, join(opts.rolePath, 'tasks')] : []),
        join(opts.baseDir, kind),
        opts.baseDir,
        join(opts.playbookDir, kind),
        opts.playbookDir,
      ];
      for (const d of dirs) {
        const p = join(d, src);
        if (existsSync(p) && (statSync(p).isFile() || src.endsWith('/'))) return p;
        if (existsSync(p) && statSync(p).isDirectory()) return p;
      }
      throw new ModuleError({
        code: 'PRV402',
        host: opts.host,
        task: opts.task,
        message: `local file not found: ${src}`,
        hint: `searched: ${[...new Set(dirs)].join(', ')}`,
      });
    },
    read: (p) => readFile(p),
  };
}
