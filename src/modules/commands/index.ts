import type { ModuleDefinition } from '../module.js';
import { commandModule } from './command.js';
import { rawModule } from './raw.js';
import { scriptModule } from './script.js';
import { shellModule } from './shell.js';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const commandsModules: ModuleDefinition<any>[] = [commandModule, shellModule, rawModule, scriptModule];
