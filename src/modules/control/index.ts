import type { ModuleDefinition } from '../module.js';
import { assertModule } from './assert.js';
import { debugModule } from './debug.js';
import { failModule } from './fail.js';
import { includeVarsModule } from './include-vars.js';
import { metaModule } from './meta.js';
import { pauseModule } from './pause.js';
import { setFactModule } from './set-fact.js';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
export const controlModules: ModuleDefinition<any>[] = [
  debugModule,
  assertModule,
  failModule,
  setFactModule,
  pauseModule,
  metaModule,
  includeVarsModule,
];
