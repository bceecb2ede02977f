import type { ErrorCodeTable } from './types.js';

/** PRV3xx — template errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const templateCodes: ErrorCodeTable = {
  PRV301: {
    title: 'Expression syntax error',
    hint: 'Check quotes, brackets and operators at the marked column; see docs/templates.md for what expressions support.',
  },
  PRV302: {
    title: 'Undefined variable',
    hint: "Define the variable (vars, group_vars, host_vars, register, set_fact) or give a fallback: `{{ name | default('value') }}`, or guard with `when: name is defined`.",
  },
  PRV303: {
    title: 'Jinja statements {% ... %} are not supported',
    hint: 'Use handlebars blocks: {% if c %} → {{#if c}}…{{else}}…{{/if}}, {% for x in xs %} → {{#each xs as |x|}}…{{/each}}, {% set %} → set_fact or vars.',
  },
  PRV304: {
    title: 'Jinja comments {# ... #} are not supported',
    hint: 'Write a handlebars comment instead: {{!-- comment --}}.',
  },
  PRV305: {
    title: 'Template syntax error',
    hint: 'Check that every {{#if}}/{{#each}}/{{#unless}}/{{#with}} has its matching {{/...}} and that every {{ is closed by }}.',
  },
  PRV306: {
    title: 'Unknown filter',
    hint: 'Check the filter name; docs/templates.md lists the supported filters.',
  },
  PRV307: {
    title: 'Unknown test',
    hint: 'Check the name after `is`; docs/templates.md lists the supported tests.',
  },
  PRV308: {
    title: 'A filter or test was given a value it cannot handle',
    hint: 'Check the type of the value before the `|` (or `is`) and the filter arguments; `| int`, `| string` or `| list` convert.',
  },
  PRV309: {
    title: 'Operation not supported for these value types',
    hint: "Convert the operands first, e.g. `(a | int) + 1`, `a ~ '-' ~ b` to join strings, `x | string` to compare as text.",
  },
  PRV310: {
    title: 'Handlebars construct not supported',
    hint: 'Only the block helpers #if, #unless, #each and #with (with {{else}}) are available; partials and custom helpers are not.',
  },
  PRV311: {
    title: 'Lookup failed',
    hint: "Supported lookups are file, env, template and vars, e.g. `lookup('env', 'HOME')`; check the path or name given.",
  },
  PRV312: {
    title: 'A mandatory value is undefined',
    hint: 'Set the variable named in the message; the template marks it `| mandatory`.',
  },
  PRV313: {
    title: 'Invalid regular expression',
    hint: 'Check the pattern; Python forms (?P<name>...), \\A and \\Z are translated, other Python-only syntax is not.',
  },
  PRV314: {
    title: 'Invalid IP address or network',
    hint: 'Give an address like 10.0.0.1 or a network in CIDR form like 10.244.0.0/16 (IPv4 or IPv6).',
  },
  PRV315: {
    title: 'Expression result too large',
    hint: 'A repetition, range or nesting in the expression is too large; reduce it.',
  },
  PRV316: {
    title: 'Not callable',
    hint: 'Only range(), lookup(), query()/q() and common string/list/dict methods (.split(), .items(), .get(), …) can be called.',
  },
  PRV317: {
    title: 'A variable is defined in terms of itself',
    hint: 'Break the loop shown in the message: one of the variables must have a value that does not refer back.',
  },
};
