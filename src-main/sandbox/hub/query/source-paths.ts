import type { Expr } from './query-parser.ts';

/** `devices.jobs.status` and `status` name the same field of a devices.jobs row. */
export function stripSourcePrefix(expr: Expr | null): Expr | null {
  if (!expr) return null;
  switch (expr.kind) {
    case 'path': {
      const [a, b, ...rest] = expr.segments;
      return a?.toLowerCase() === 'devices' && b?.toLowerCase() === 'jobs' && rest.length > 0 ? { kind: 'path', segments: rest } : expr;
    }
    case 'call':
      return { ...expr, args: expr.args.map((arg) => stripSourcePrefix(arg) as Expr) };
    case 'compare':
    case 'and':
    case 'or':
      return { ...expr, left: stripSourcePrefix(expr.left) as Expr, right: stripSourcePrefix(expr.right) as Expr } as Expr;
    case 'in':
      return { ...expr, operand: stripSourcePrefix(expr.operand) as Expr, list: expr.list.map((item) => stripSourcePrefix(item) as Expr) };
    case 'not':
      return { kind: 'not', operand: stripSourcePrefix(expr.operand) as Expr };
    default:
      return expr;
  }
}
