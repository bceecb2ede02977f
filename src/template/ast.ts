/** The parsed form of an expression. Offsets are into the expression text, for exact error locations. */
interface Span {
  start: number;
  end: number;
}

export type Node =
  | ({ kind: 'literal'; value: unknown } & Span)
  | ({ kind: 'list'; items: Node[] } & Span)
  | ({ kind: 'dict'; entries: [Node, Node][] } & Span)
  | ({ kind: 'var'; name: string; up: number } & Span)
  | ({ kind: 'data'; name: string } & Span)
  | ({ kind: 'attr'; object: Node; name: string } & Span)
  | ({ kind: 'index'; object: Node; index: Node } & Span)
  | ({ kind: 'slice'; object: Node; from?: Node; to?: Node; step?: Node } & Span)
  | ({ kind: 'call'; callee: Node; args: Node[]; kwargs: [string, Node][] } & Span)
  | ({ kind: 'unary'; op: 'not' | '-' | '+'; operand: Node } & Span)
  | ({ kind: 'binary'; op: BinaryOp; left: Node; right: Node } & Span)
  | ({ kind: 'compare'; first: Node; rest: [CompareOp, Node][] } & Span)
  | ({ kind: 'filter'; input: Node; name: string; args: Node[]; kwargs: [string, Node][] } & Span)
  | ({
      kind: 'test';
      input: Node;
      name: string;
      args: Node[];
      kwargs: [string, Node][];
      negated: boolean;
    } & Span)
  | ({ kind: 'cond'; whenTrue: Node; test: Node; otherwise?: Node } & Span);

export type BinaryOp = 'and' | 'or' | '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in';

export type NodeKind = Node['kind'];
