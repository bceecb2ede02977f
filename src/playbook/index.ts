export * from './ir.js';
export { loadPlaybook } from './load-playbook.js';
export { LoadContext, type LoaderOptions } from './load-context.js';
export { RoleLoader } from './load-role.js';
export { loadTaskFile } from './load-tasks.js';
export { stripMustache } from './check-templates.js';
