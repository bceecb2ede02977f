import type { Condition, InheritedKeywords, RoleContext } from '../playbook/ir.js';

/** Keywords as they flow down from play to block to task: conditions, tags, vars and environment accumulate;
 * scalars are overridden by the innermost node that sets them. */
export interface Inherited {
  when: Condition[];
  tags: string[];
  blockVars: Record<string, unknown>[];
  environment: unknown[];
  become?: boolean | string;
  becomeUser?: string;
  ignoreErrors?: boolean | string;
  ignoreUnreachable?: boolean;
  noLog?: boolean | string;
  checkMode?: boolean | string;
  diff?: boolean | string;
  delegateTo?: string;
  runOnce?: boolean | string;
  anyErrorsFatal?: boolean;
  throttle?: number | string;
  role?: RoleContext;
}

export function rootInherited(): Inherited {
  return { when: [], tags: [], blockVars: [], environment: [] };
}

/** The keywords of `kw` applied under `parent`; `asBlock` puts vars in the block-vars layer. */
export function inherit(parent: Inherited, kw: InheritedKeywords, role?: RoleContext): Inherited {
  return {
    when: [...parent.when, ...kw.when],
    tags: [...new Set([...parent.tags, ...kw.tags])],
    blockVars: Object.keys(kw.vars).length > 0 ? [...parent.blockVars, kw.vars] : parent.blockVars,
    environment: [...parent.environment, ...kw.environment],
    become: kw.become ?? parent.become,
    becomeUser: kw.becomeUser ?? parent.becomeUser,
    ignoreErrors: kw.ignoreErrors ?? parent.ignoreErrors,
    ignoreUnreachable: kw.ignoreUnreachable ?? parent.ignoreUnreachable,
    noLog: kw.noLog ?? parent.noLog,
    checkMode: kw.checkMode ?? parent.checkMode,
    diff: kw.diff ?? parent.diff,
    delegateTo: kw.delegateTo ?? parent.delegateTo,
    runOnce: kw.runOnce ?? parent.runOnce,
    anyErrorsFatal: kw.anyErrorsFatal ?? parent.anyErrorsFatal,
    throttle: kw.throttle ?? parent.throttle,
    role: role ?? parent.role,
  };
}
