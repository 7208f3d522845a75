import { AdtError } from './adt-errors.ts';

/** The ADT query subset (adt-wire.md §8) as a tree; `Path` segments start after an optional alias. */
export type Literal = string | number | boolean | null;
export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; inner: Expr }
  | { kind: 'compare'; op: '=' | '!=' | '<' | '>' | '<=' | '>='; left: Operand; right: Operand }
  | { kind: 'in'; negated: boolean; operand: Operand; values: Literal[] }
  | { kind: 'call'; name: string; args: (Operand | { ident: string })[] };
export type Operand = { literal: Literal } | { path: string[] };
export interface Projection {
  path: string[];
  as: string;
}
export interface Query {
  top?: number;
  select: '*' | 'count' | Projection[];
  /** What FROM names: twins, or (ADT's other collection) relationships. */
  collection: 'digitaltwins' | 'relationships';
  from: string | undefined;
  joins: { alias: string; source: string; relationship: string; relationshipAlias?: string }[];
  where?: Expr;
}

type Token = { type: 'word' | 'string' | 'number' | 'punct'; text: string; at: number };
const TOKEN = /\s*(?:(\$?[A-Za-z_][\w$]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|(!=|<>|<=|>=|[()[\],.*=<>]))/y;

export const syntaxError = (at: number, message: string) => new AdtError(400, 'SqlQueryError', `Query syntax error at position ${at + 1}: ${message}`);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw syntaxError(start + (text.slice(start).length - text.slice(start).trimStart().length), 'unexpected character.');
    const at = match.index + match[0].length - match[0].trimStart().length;
    if (match[1] !== undefined) tokens.push({ type: 'word', text: match[1], at });
    else if (match[2] !== undefined || match[3] !== undefined) tokens.push({ type: 'string', text: (match[2] ?? match[3] ?? '').replace(/\\(.)/g, '$1'), at });
    else if (match[4] !== undefined) tokens.push({ type: 'number', text: match[4], at });
    else tokens.push({ type: 'punct', text: match[5] === '<>' ? '!=' : (match[5] as string), at });
  }
  return tokens;
}

const RESERVED = new Set(['SELECT', 'FROM', 'WHERE', 'DIGITALTWINS', 'RELATIONSHIPS', 'JOIN', 'RELATED', 'AND', 'OR', 'NOT', 'IN', 'NIN', 'AS', 'TOP']);

export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const end = text.length;
  const isWord = (word: string) => peek()?.type === 'word' && peek()?.text.toUpperCase() === word;
  const isPunct = (p: string) => peek()?.type === 'punct' && peek()?.text === p;
  const expectWord = (word: string) => {
    if (!isWord(word)) throw syntaxError(peek()?.at ?? end, `expected ${word}.`);
    i++;
  };
  const expectPunct = (p: string) => {
    if (!isPunct(p)) throw syntaxError(peek()?.at ?? end, `expected '${p}'.`);
    i++;
  };
  const ident = (): string => {
    const token = peek();
    if (token?.type !== 'word' || RESERVED.has(token.text.toUpperCase())) throw syntaxError(token?.at ?? end, 'expected a name.');
    i++;
    return token.text;
  };
  const path = (): string[] => {
    const segments = [ident()];
    while (isPunct('.')) {
      i++;
      segments.push(ident());
    }
    return segments;
  };
  const literal = (): Literal | undefined => {
    const token = peek();
    if (token?.type === 'string') return (i++, token.text);
    if (token?.type === 'number') return (i++, Number(token.text));
    if (token?.type === 'word' && ['TRUE', 'FALSE', 'NULL'].includes(token.text.toUpperCase())) {
      i++;
      return token.text.toUpperCase() === 'NULL' ? null : token.text.toUpperCase() === 'TRUE';
    }
    return undefined;
  };
  const operand = (): Operand => {
    const value = literal();
    return value !== undefined ? { literal: value } : { path: path() };
  };
  const list = (): Literal[] => {
    expectPunct('[');
    const values: Literal[] = [];
    while (!isPunct(']')) {
      const value = literal();
      if (value === undefined) throw syntaxError(peek()?.at ?? end, 'expected a literal in the list.');
      values.push(value);
      if (!isPunct(']')) expectPunct(',');
    }
    i++;
    return values;
  };
  const primary = (): Expr => {
    if (isPunct('(')) {
      i++;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    const token = peek();
    if (token?.type === 'word' && tokens[i + 1]?.text === '(' && tokens[i + 1]?.type === 'punct') {
      i += 2;
      const args: (Operand | { ident: string })[] = [];
      while (!isPunct(')')) {
        args.push(operand());
        if (!isPunct(')')) expectPunct(',');
      }
      i++;
      return { kind: 'call', name: token.text.toUpperCase(), args };
    }
    const left = operand();
    const negated = isWord('NOT') || isWord('NIN');
    if (isWord('NOT')) i++;
    if (isWord('IN') || isWord('NIN')) {
      i++;
      return { kind: 'in', negated, operand: left, values: list() };
    }
    const op = peek();
    if (op?.type !== 'punct' || !['=', '!=', '<', '>', '<=', '>='].includes(op.text)) throw syntaxError(op?.at ?? end, 'expected a comparison operator.');
    i++;
    return { kind: 'compare', op: op.text as '=', left, right: operand() };
  };
  const not = (): Expr => (isWord('NOT') ? (i++, { kind: 'not', inner: not() }) : primary());
  const and = (): Expr => {
    let left = not();
    while (isWord('AND')) {
      i++;
      left = { kind: 'and', left, right: not() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (isWord('OR')) {
      i++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  expectWord('SELECT');
  const query: Query = { select: '*', collection: 'digitaltwins', from: undefined, joins: [] };
  if (isWord('TOP')) {
    i++;
    expectPunct('(');
    const n = peek();
    if (n?.type !== 'number' || !Number.isInteger(Number(n.text)) || Number(n.text) < 1) throw syntaxError(n?.at ?? end, 'TOP needs a positive integer.');
    i++;
    query.top = Number(n.text);
    expectPunct(')');
  }
  if (isPunct('*')) i++;
  else if (isWord('COUNT') && tokens[i + 1]?.text === '(') {
    i += 2;
    expectPunct(')');
    query.select = 'count';
  } else {
    const items: Projection[] = [];
    do {
      if (items.length > 0) i++;
      const segments = path();
      let as = segments[segments.length - 1] as string;
      if (isWord('AS')) {
        i++;
        as = ident();
      }
      items.push({ path: segments, as });
    } while (isPunct(','));
    query.select = items;
  }
  expectWord('FROM');
  if (isWord('RELATIONSHIPS')) {
    i++;
    query.collection = 'relationships';
  } else expectWord('DIGITALTWINS');
  if (peek()?.type === 'word' && !RESERVED.has((peek() as Token).text.toUpperCase())) query.from = ident();
  while (isWord('JOIN')) {
    i++;
    const alias = ident();
    expectWord('RELATED');
    const [source, relationship, ...rest] = path();
    if (!source || !relationship || rest.length > 0) throw syntaxError(peek()?.at ?? end, 'RELATED needs <alias>.<relationship name>.');
    const join: Query['joins'][number] = { alias, source, relationship };
    if (peek()?.type === 'word' && !RESERVED.has((peek() as Token).text.toUpperCase())) join.relationshipAlias = ident();
    query.joins.push(join);
  }
  if (isWord('WHERE')) {
    i++;
    query.where = or();
  }
  if (i < tokens.length) throw syntaxError((peek() as Token).at, `unexpected '${(peek() as Token).text}'.`);
  if (query.joins.length > 0 && query.select === '*') throw new AdtError(400, 'SqlQueryError', 'SELECT * is not valid with JOIN: name the aliases to return.');
  if (query.joins.length > 0 && query.collection === 'relationships') throw new AdtError(400, 'SqlQueryError', 'JOIN is not supported on RELATIONSHIPS.');
  if (query.joins.length > 5) throw new AdtError(400, 'SqlQueryError', 'A query may have at most 5 JOINs.');
  return query;
}
