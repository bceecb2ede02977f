import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsMarkdown, modulesMarkdown } from '../src/docs/generate-docs.js';
import { errorCodes } from '../src/errors/codes/index.js';
import { defaultModuleRegistry } from '../src/modules/registry.js';

const docs = join(import.meta.dirname, '..', 'docs');

describe('generated docs are up to date (run `npm run docs`)', () => {
  it('docs/errors.md lists every code with a fix', () => {
    const text = readFileSync(join(docs, 'errors.md'), 'utf8');
    expect(text).toBe(errorsMarkdown());
    for (const [code, info] of Object.entries(errorCodes)) {
      expect(text).toContain(`| ${code} |`);
      expect(info.hint.length, `${code} has no hint`).toBeGreaterThan(10);
    }
  });

  it('docs/modules.md lists every module', () => {
    const text = readFileSync(join(docs, 'modules.md'), 'utf8');
    expect(text).toBe(modulesMarkdown(defaultModuleRegistry()));
  });
});
