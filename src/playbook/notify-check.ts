import { PlaybookError } from '../errors/index.js';
import { caret } from '../yaml-source/index.js';
import type { Play, PlayNode } from './ir.js';
import type { LoadContext } from './load-context.js';

/** Every literal notify must name a handler or a listen topic of the play (Ansible fails late; we fail first). */
export function checkNotifyTargets(ctx: LoadContext, play: Play): void {
  const targets = new Set<string>();
  for (const h of play.handlers) {
    targets.add(h.name);
    for (const l of h.listen ?? []) targets.add(l);
  }
  const visit = (nodes: PlayNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'block') visit([...n.block, ...n.rescue, ...n.always]);
      if (n.kind !== 'task') continue;
      for (const name of n.notify) {
        if (name.includes('{{') || targets.has(name)) continue;
        const src = ctx.read(n.loc.file);
        throw new PlaybookError({
          code: 'PRV214',
          message: `task '${n.name}' notifies '${name}', which no handler defines`,
          location: n.loc,
          snippet: caret(src.lineAt(n.loc.line), n.loc.col),
        });
      }
    }
  };
  for (const s of play.sections) visit(s.nodes);
  visit(play.handlers);
}
