import { setupModule } from '../facts/setup-module.js';
import { commandsModules } from './commands/index.js';
import { controlModules } from './control/index.js';
import { filesModules } from './files/index.js';
import type { ModuleDefinition } from './module.js';
import { systemModules } from './system/index.js';

// biome-ignore lint/suspicious/noExplicitAny: each module has its own parameter type
type AnyModule = ModuleDefinition<any>;

const COLLECTION_PREFIXES = ['ansible.builtin.', 'ansible.posix.', 'community.general.', 'ansible.legacy.'];

/** Every module by every name it answers to, including the collection-qualified aliases Ansible users write. */
export class ModuleRegistry {
  private readonly byName = new Map<string, AnyModule>();

  constructor(modules: readonly AnyModule[]) {
    for (const mod of modules) {
      for (const name of [mod.name, ...(mod.aliases ?? [])]) {
        if (this.byName.has(name)) throw new Error(`module name ${name} registered twice`);
        this.byName.set(name, mod);
        for (const prefix of COLLECTION_PREFIXES) this.byName.set(prefix + name, mod);
      }
    }
  }

  get(name: string): AnyModule | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Short names only (for "did you mean" hints and docs). */
  names(): string[] {
    return [...this.byName.keys()].filter((n) => !n.includes('.')).sort();
  }
}

export function defaultModuleRegistry(): ModuleRegistry {
  return new ModuleRegistry([
    ...commandsModules,
    ...controlModules,
    ...filesModules,
    ...systemModules,
    setupModule,
  ]);
}
