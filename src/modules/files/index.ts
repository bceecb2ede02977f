import type { ModuleDefinition } from '../module.js';
import { copyModule } from './copy.js';
import { fileModule } from './file.js';
import { templateModule } from './template.js';

/**
 * The file modules. Failure convention: when a module cannot do what the task asks because of the host's state
 * (dest directory missing, source absent, path of the wrong type, validate rejects the file, checksum mismatch),
 * plan() or apply() throws a ModuleError with a PRV41x code, a message naming the path and a hint; a failing
 * mutating command throws a RemoteCommandError (PRV401) with its output. Modules never return `failed: true`.
 * In check mode, a path an earlier task would have changed makes the plan 'unknown' with the reason.
 */
// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const filesModules: ModuleDefinition<any>[] = [copyModule, templateModule, fileModule];
