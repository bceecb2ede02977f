/**
 * Variable precedence, lowest first — the order documented in the README. Later layers win; maps are replaced,
 * not merged (Ansible's default hash_behaviour=replace).
 */
export const PRECEDENCE = [
  'role defaults',
  'inventory (all < parent groups < child groups < host; group_vars/ and host_vars/ beside inventory, then playbook)',
  'facts',
  'play vars',
  'play vars_files',
  'role vars',
  'block vars',
  'task vars',
  'include_vars',
  'set_fact / register',
  'role params',
  'extra vars (-e)',
] as const;

/** One named layer of variables. `templated` layers are rendered lazily when read; others are taken as they are
 * (facts and registered results may contain `{{` in command output, which must never be evaluated). */
export interface VarLayer {
  name: string;
  vars: Readonly<Record<string, unknown>>;
  templated: boolean;
}
