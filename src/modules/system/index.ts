import type { ModuleDefinition } from '../module.js';
import { aptModule } from './apt.js';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const systemModules: ModuleDefinition<any>[] = [aptModule];
