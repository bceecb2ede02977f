import type { ErrorCodeTable } from './types.js';

/** PRV2xx — playbook errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const playbookCodes: ErrorCodeTable = {
  PRV201: {
    title: 'YAML syntax error',
    hint: 'Check indentation and quoting at the position shown; a value starting with {{ must be quoted.',
  },
  PRV202: {
    title: 'File not found',
    hint: 'Paths are relative to the playbook (or the role) that names them; check the spelling.',
  },
  PRV203: {
    title: 'Wrong structure',
    hint: 'A playbook is a list of plays; tasks, handlers, pre_tasks and post_tasks are lists of task maps.',
  },
  PRV204: {
    title: 'Unknown keyword',
    hint: 'Check the spelling against the keywords Ansible documents for plays, blocks and tasks.',
  },
  PRV205: {
    title: 'Unknown module',
    hint: 'Use a module name from docs/modules.md; collection prefixes ansible.builtin., ansible.posix. and community.general. are accepted.',
  },
  PRV206: {
    title: 'More than one module in a task',
    hint: 'A task runs exactly one module; split it into two tasks.',
  },
  PRV207: {
    title: 'No module in a task',
    hint: 'Add a module such as `command:` or `copy:`, or turn the task into a `block:`.',
  },
  PRV208: { title: 'Invalid module parameter', hint: "See the module's parameters in docs/modules.md." },
  PRV209: {
    title: 'Invalid keyword value',
    hint: 'The keyword expects another type; see the message for the expected one.',
  },
  PRV210: {
    title: 'Role not found',
    hint: "Roles are searched in roles/ beside the playbook, then in the roles_path of ansible.cfg, then the project's roles/.",
  },
  PRV211: {
    title: 'Include cycle',
    hint: 'A file includes itself through the chain shown; break the cycle.',
  },
  PRV212: {
    title: 'Invalid inline arguments',
    hint: 'Inline arguments are key=value pairs separated by spaces; quote values containing spaces.',
  },
  PRV213: {
    title: 'Unsupported loop form',
    hint: 'Use `loop:` with a list (filters such as dict2items turn other shapes into lists).',
  },
  PRV214: {
    title: 'Handler not found',
    hint: "A notify names a handler by its name or a `listen` topic defined in the play's handlers or a role's handlers/main.yml.",
  },
  PRV215: {
    title: 'Task not found for --start-at-task',
    hint: 'Use the exact task name as shown by --list-tasks.',
  },
  PRV216: {
    title: 'Unsupported feature',
    hint: 'See the README for what is supported and the equivalent to use.',
  },
};
