import type { ModuleDefinition } from '../module.js';
import { blockinfileModule } from './blockinfile.js';
import { copyModule } from './copy.js';
import { fetchModule } from './fetch.js';
import { fileModule } from './file.js';
import { getUrlModule } from './get-url.js';
import { lineinfileModule } from './lineinfile.js';
import { replaceModule } from './replace.js';
import { slurpModule } from './slurp.js';
import { statModule } from './stat.js';
import { templateModule } from './template.js';
import { unarchiveModule } from './unarchive.js';

/**
 * The file modules. Failure convention: when a module cannot do what the task asks because of the host's state
 * (dest directory missing, source absent, path of the wrong type, validate rejecting the file, checksum mismatch,
 * unknown owner), plan() or apply() throws a ModuleError with a PRV410–PRV419 code, a message naming the path and
 * a hint; a mutating command that fails throws a RemoteCommandError (PRV401) with its output. These modules never
 * return `failed: true`. In check mode a path an earlier task would have changed makes the plan 'unknown' with
 * the reason "depends on PATH, which task 'X' would change".
 */
// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const filesModules: ModuleDefinition<any>[] = [
  copyModule,
  templateModule,
  fileModule,
  lineinfileModule,
  blockinfileModule,
  replaceModule,
  statModule,
  slurpModule,
  fetchModule,
  getUrlModule,
  unarchiveModule,
];
