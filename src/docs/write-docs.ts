import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModuleRegistry } from '../modules/registry.js';
import { errorsMarkdown, modulesMarkdown } from './generate-docs.js';

/** `npm run docs`: regenerates docs/errors.md and docs/modules.md. */
const root = join(import.meta.dirname, '..', '..');
writeFileSync(join(root, 'docs', 'errors.md'), errorsMarkdown());
writeFileSync(join(root, 'docs', 'modules.md'), modulesMarkdown(defaultModuleRegistry()));
