export { stripMustache } from './check-templates.js';
export * from './ir.js';
export { LoadContext, type LoaderOptions } from './load-context.js';
export { loadPlaybook } from './load-playbook.js';
export { RoleLoader } from './load-role.js';
export { loadTaskFile } from './load-tasks.js';
