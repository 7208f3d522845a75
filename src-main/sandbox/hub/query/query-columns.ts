import type { Expr, Query } from './query-parser.ts';

/** The JSON columns of hub_devices that cost time to read; the rest are small scalars. */
export type HeavyColumn = 'auth' | 'tags' | 'desired' | 'reported' | 'meta';

function pathsOf(expr: Expr | null, out: string[][]): string[][] {
  if (!expr) return out;
  switch (expr.kind) {
    case 'path':
      out.push(expr.segments);
      break;
    case 'call':
      for (const arg of expr.args) pathsOf(arg, out);
      break;
    case 'compare':
    case 'and':
    case 'or':
      pathsOf(expr.left, out);
      pathsOf(expr.right, out);
      break;
    case 'in':
      pathsOf(expr.operand, out);
      for (const item of expr.list) pathsOf(item, out);
      break;
    case 'not':
      pathsOf(expr.operand, out);
      break;
    default:
      break;
  }
  return out;
}

const SCALAR_FIELDS = new Set(['deviceId', 'etag', 'deviceEtag', 'status', 'statusReason', 'statusUpdateTime', 'connectionState', 'lastActivityTime', 'cloudToDeviceMessageCount', 'modelId', 'version', 'capabilities']);

/**
 * Which JSON columns a query reads (WHERE, projections, GROUP BY), so a scan over 100k devices
 * fetches only those: reading every column costs several times more than the evaluation.
 * `null` means all of them (SELECT * output, or a path we cannot attribute).
 */
export function columnsFor(query: Query, forOutput: boolean): Set<HeavyColumn> | null {
  if (forOutput && query.select === '*') return null;
  const paths = pathsOf(query.where, []);
  if (query.select !== '*') for (const item of query.select) if (item.kind === 'path') paths.push(item.segments);
  paths.push(...query.groupBy);
  const columns = new Set<HeavyColumn>();
  for (const [head, second, third] of paths) {
    if (head === undefined) continue;
    if (SCALAR_FIELDS.has(head)) continue;
    if (head === 'tags') columns.add('tags');
    else if (head === 'authenticationType' || head === 'x509Thumbprint') columns.add('auth');
    else if (head === 'properties' && (second === 'desired' || second === 'reported')) {
      columns.add(second);
      if (third === '$metadata' || third === undefined) columns.add('meta');
    } else return null;
  }
  return columns;
}
