import type { ErrorCodeTable } from './types.js';

/** Run-time errors of the engine: variables (PRV390–399) and task execution (PRV401–409). */
export const runCodes: ErrorCodeTable = {
  PRV390: {
    title: 'A variable refers to itself',
    hint: 'Break the chain shown: give one of the variables a value that does not use the others.',
  },
  PRV401: {
    title: 'A command failed on the host',
    hint: "Read the command's stderr above; fix the cause on the host or the task's arguments.",
  },
  PRV402: {
    title: 'A local file a task names was not found',
    hint: "Put it in the role's files/ or templates/, or beside the playbook, or give an absolute path.",
  },
  PRV403: {
    title: 'A module parameter is invalid after templating',
    hint: 'Check the variables used in the parameter; the message shows the parameter and the expected type.',
  },
  PRV404: {
    title: 'A loop did not get a list',
    hint: 'loop needs a list; use dict2items for a map, or split for a string.',
  },
  PRV405: {
    title: 'The host became unreachable',
    hint: 'Check that the host is up and SSH answers; the other hosts went on.',
  },
  PRV406: {
    title: 'An include failed at run time',
    hint: 'Check the file or role name the include renders to for this host.',
  },
  PRV407: {
    title: 'Undefined variable',
    hint: 'Define the variable (inventory, vars, set_fact, register) or give a default: {{ x | default(...) }}.',
  },
  PRV408: {
    title: 'A handler was notified but is not defined',
    hint: 'Define a handler with that name or listen topic.',
  },
  PRV409: { title: 'Interrupted', hint: 'The run was stopped before it finished; re-running converges.' },
};
