/** Ansible's keyword sets, so anything else in a task is the module (and anything unknown is an error). */

export const TASK_KEYWORDS = new Set([
  'name', 'action', 'local_action', 'args', 'when', 'loop', 'loop_control', 'register', 'changed_when',
  'failed_when', 'ignore_errors', 'ignore_unreachable', 'notify', 'tags', 'become', 'become_user',
  'become_method', 'become_flags', 'delegate_to', 'delegate_facts', 'run_once', 'no_log', 'environment',
  'retries', 'until', 'delay', 'check_mode', 'diff', 'throttle', 'vars', 'listen', 'any_errors_fatal',
  'connection', 'remote_user', 'timeout', 'module_defaults', 'collections', 'debugger', 'port',
]);

export const BLOCK_KEYWORDS = new Set([
  'name', 'block', 'rescue', 'always', 'when', 'tags', 'become', 'become_user', 'become_method', 'become_flags',
  'environment', 'vars', 'ignore_errors', 'ignore_unreachable', 'no_log', 'check_mode', 'diff', 'delegate_to',
  'run_once', 'any_errors_fatal', 'throttle', 'connection', 'remote_user', 'module_defaults', 'collections',
  'debugger', 'timeout', 'notify',
]);

export const PLAY_KEYWORDS = new Set([
  'name', 'hosts', 'vars', 'vars_files', 'vars_prompt', 'gather_facts', 'gather_subset', 'become', 'become_user',
  'become_method', 'become_flags', 'pre_tasks', 'roles', 'tasks', 'post_tasks', 'handlers', 'serial',
  'max_fail_percentage', 'any_errors_fatal', 'strategy', 'tags', 'environment', 'ignore_errors',
  'ignore_unreachable', 'no_log', 'check_mode', 'diff', 'force_handlers', 'connection', 'remote_user', 'order',
  'throttle', 'module_defaults', 'collections', 'run_once', 'timeout', 'debugger', 'fact_path', 'port',
  'import_playbook', 'when',
]);

/** Loop keywords: `loop` plus the `with_*` forms that still work. */
export const WITH_LOOKUPS = new Set(['with_items', 'with_list', 'with_dict', 'with_indexed_items', 'with_sequence', 'with_together', 'with_nested', 'with_flattened', 'with_fileglob', 'with_subelements', 'with_random_choice']);

/** Supported `with_*` forms and how they become a loop. */
export const SUPPORTED_WITH = new Set(['with_items', 'with_list', 'with_dict', 'with_indexed_items']);

export const INCLUDE_ACTIONS = new Set([
  'include_tasks', 'import_tasks', 'include_role', 'import_role', 'import_playbook', 'include',
]);

export function stripCollection(name: string): string {
  for (const prefix of ['ansible.builtin.', 'ansible.legacy.', 'ansible.posix.', 'community.general.']) {
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  }
  return name;
}
