import { existsSync, readFileSync } from 'node:fs';
import { PlaybookError } from '../errors/index.js';
import type { SourceLocation } from '../errors/location.js';
import type { ModuleRegistry } from '../modules/registry.js';
import {
  caret,
  parseYamlSource,
  type YamlPath,
  type YamlSource,
  YamlSyntaxError,
} from '../yaml-source/index.js';

export interface LoaderOptions {
  registry: ModuleRegistry;
  /** Extra role directories (ansible.cfg roles_path), searched after the playbook's own roles/. */
  rolesPath?: string[];
  /** The project's roles/ directory, searched last. */
  projectRolesDir?: string;
}

/** A place in a YAML file: the parsed source and the path to the node. */
export interface Where {
  src: YamlSource;
  path: YamlPath;
}

/** Shared state of one load: options, parsed-file cache and the include chain for cycle detection. */
export class LoadContext {
  private readonly files = new Map<string, YamlSource>();
  readonly chain: string[] = [];

  constructor(readonly options: LoaderOptions) {}

  /** Parses a YAML file once; syntax errors become PRV201 with the exact position. */
  read(file: string, from?: Where): YamlSource {
    const cached = this.files.get(file);
    if (cached) return cached;
    if (!existsSync(file)) {
      throw from
        ? this.error('PRV202', `file not found: ${file}`, from)
        : new PlaybookError({ code: 'PRV202', message: `file not found: ${file}` });
    }
    const text = readFileSync(file, 'utf8');
    try {
      const src = parseYamlSource(text, file);
      this.files.set(file, src);
      return src;
    } catch (e) {
      if (e instanceof YamlSyntaxError) {
        throw new PlaybookError({
          code: 'PRV201',
          message: `YAML syntax error: ${e.problem.message}`,
          location: e.problem.location,
          snippet: e.problem.snippet,
        });
      }
      throw e;
    }
  }

  locate(where: Where, key = false): SourceLocation {
    return where.src.locate(where.path, { key });
  }

  error(
    code: string,
    message: string,
    where: Where,
    opts: { key?: boolean; hint?: string } = {},
  ): PlaybookError {
    const location = this.locate(where, opts.key);
    return new PlaybookError({
      code,
      message,
      location,
      snippet: caret(where.src.lineAt(location.line), location.col),
      hint: opts.hint,
    });
  }

  /** Runs `fn` with `file` pushed on the include chain; a file already on the chain is a cycle (PRV211). */
  within<T>(file: string, from: Where | undefined, fn: () => T): T {
    if (this.chain.includes(file)) {
      const cycle = [...this.chain.slice(this.chain.indexOf(file)), file].join(' -> ');
      if (from) throw this.error('PRV211', `include cycle: ${cycle}`, from);
      throw new PlaybookError({ code: 'PRV211', message: `include cycle: ${cycle}` });
    }
    this.chain.push(file);
    try {
      return fn();
    } finally {
      this.chain.pop();
    }
  }
}

export function at(where: Where, ...more: (string | number)[]): Where {
  return { src: where.src, path: [...where.path, ...more] };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
