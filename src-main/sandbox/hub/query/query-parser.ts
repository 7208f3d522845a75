/**
 * The IoT Hub query language over devices and twins, as far as the sandbox serves it:
 * SELECT [TOP n] * | projections | COUNT() AS alias FROM devices [WHERE …] [GROUP BY …],
 * and SELECT [TOP n] * FROM devices.jobs [WHERE …] (the service allows only that form there).
 * Pure: text in, AST out, errors carry the character position.
 */

import { stripSourcePrefix } from './source-paths.ts';

export class QuerySyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`Syntax error at position ${position}: ${message}`);
    this.position = position;
  }
}

export type CompareOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'path'; segments: string[] }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'in'; negated: boolean; operand: Expr; list: Expr[] }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; operand: Expr };

export type SelectItem = { kind: 'path'; segments: string[]; alias: string } | { kind: 'count'; alias: string };

/** `devices` is the twins; `devices.jobs` is one row per device of each job. */
export type QuerySource = 'devices' | 'devices.jobs';

export interface Query {
  from: QuerySource;
  select: '*' | SelectItem[];
  top: number | null;
  where: Expr | null;
  groupBy: string[][];
}

type Token =
  | { type: 'ident'; text: string; pos: number }
  | { type: 'string'; value: string; pos: number }
  | { type: 'number'; value: number; pos: number }
  | { type: 'punct'; text: string; pos: number }
  | { type: 'end'; pos: number };

const PUNCT = ['<=', '>=', '!=', '<>', '=', '<', '>', '(', ')', '[', ']', ',', '.', '*'];

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const start = i;
      let value = '';
      i++;
      while (i < text.length && text[i] !== ch) {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        value += text[i];
        i++;
      }
      if (i >= text.length) throw new QuerySyntaxError('unterminated string', start);
      i++;
      tokens.push({ type: 'string', value, pos: start });
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && (ch !== '-' || !isOperandEnd(tokens.at(-1)))) {
      tokens.push({ type: 'number', value: Number(number[0]), pos: i });
      i += number[0].length;
      continue;
    }
    const ident = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ type: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => text.startsWith(p, i));
    if (!punct) throw new QuerySyntaxError(`unexpected character '${ch}'`, i);
    tokens.push({ type: 'punct', text: punct === '<>' ? '!=' : punct, pos: i });
    i += punct.length;
  }
  tokens.push({ type: 'end', pos: text.length });
  return tokens;
}

function isOperandEnd(token: Token | undefined): boolean {
  return token !== undefined && (token.type === 'number' || token.type === 'string' || token.type === 'ident' || (token.type === 'punct' && (token.text === ')' || token.text === ']')));
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'NIN', 'AS', 'GROUP', 'BY', 'TOP']);
const FUNCTIONS = new Set(['IS_DEFINED', 'IS_NULL', 'IS_STRING', 'IS_NUMBER', 'IS_BOOL', 'IS_OBJECT', 'STARTSWITH', 'STARTS_WITH', 'ENDSWITH', 'ENDS_WITH', 'COUNT']);

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    return this.tokens[this.i++] as Token;
  }
  private isKeyword(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.text.toUpperCase() === word;
  }
  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.type === 'punct' && t.text === text;
  }
  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw new QuerySyntaxError(`expected ${word}`, this.peek().pos);
    this.i++;
  }
  private expectPunct(text: string): void {
    if (!this.isPunct(text)) throw new QuerySyntaxError(`expected '${text}'`, this.peek().pos);
    this.i++;
  }

  parseQuery(): Query {
    this.expectKeyword('SELECT');
    let top: number | null = null;
    if (this.isKeyword('TOP')) {
      this.i++;
      const t = this.next();
      if (t.type !== 'number' || !Number.isInteger(t.value) || t.value < 1) throw new QuerySyntaxError('TOP needs a positive integer', t.pos);
      top = t.value;
    }
    const select = this.parseSelect();
    this.expectKeyword('FROM');
    const from = this.next();
    if (from.type !== 'ident' || from.text.toLowerCase() !== 'devices') throw new QuerySyntaxError('the sandbox supports FROM devices and FROM devices.jobs only', from.pos);
    const source = this.parseSourceTail();
    const where = this.isKeyword('WHERE') ? (this.i++, this.parseOr()) : null;
    const groupBy: string[][] = [];
    if (this.isKeyword('GROUP')) {
      this.i++;
      this.expectKeyword('BY');
      do groupBy.push(this.parsePath());
      while (this.isPunct(',') && this.i++ >= 0);
    }
    const end = this.peek();
    if (end.type !== 'end') throw new QuerySyntaxError('unexpected text after the query', end.pos);
    if (source === 'devices.jobs' && (select !== '*' || groupBy.length > 0)) {
      throw new QuerySyntaxError('FROM devices.jobs supports SELECT * only (no projections, COUNT() or GROUP BY), as the service does', 0);
    }
    if (select !== '*' && select.some((s) => s.kind === 'count') && groupBy.length === 0 && select.some((s) => s.kind === 'path')) {
      throw new QuerySyntaxError('projections next to COUNT() need GROUP BY', 0);
    }
    return { from: source, select, top, where: source === 'devices.jobs' ? stripSourcePrefix(where) : where, groupBy };
  }

  /** After FROM devices: nothing, or `.jobs`; `.modules` is refused by name. */
  private parseSourceTail(): QuerySource {
    if (!this.isPunct('.')) return 'devices';
    this.i++;
    const t = this.next();
    if (t.type === 'ident' && t.text.toLowerCase() === 'jobs') return 'devices.jobs';
    if (t.type === 'ident' && t.text.toLowerCase() === 'modules') throw new QuerySyntaxError('FROM devices.modules is not supported by the sandbox (module twins are not served)', t.pos);
    throw new QuerySyntaxError('expected devices.jobs or devices.modules', t.pos);
  }

  private parseSelect(): '*' | SelectItem[] {
    if (this.isPunct('*')) {
      this.i++;
      return '*';
    }
    const items: SelectItem[] = [];
    do {
      const start = this.peek();
      if (this.isKeyword('COUNT')) {
        this.i++;
        this.expectPunct('(');
        this.expectPunct(')');
        const alias = this.isKeyword('AS') ? (this.i++, this.parseAlias()) : 'count';
        items.push({ kind: 'count', alias });
      } else {
        const segments = this.parsePath();
        const alias = this.isKeyword('AS') ? (this.i++, this.parseAlias()) : (segments.at(-1) as string);
        if (segments.length === 0) throw new QuerySyntaxError('expected a property path', start.pos);
        items.push({ kind: 'path', segments, alias });
      }
    } while (this.isPunct(',') && this.i++ >= 0);
    return items;
  }

  private parseAlias(): string {
    const t = this.next();
    if (t.type !== 'ident') throw new QuerySyntaxError('expected an alias name', t.pos);
    return t.text;
  }

  private parsePath(): string[] {
    const first = this.next();
    if (first.type !== 'ident' || KEYWORDS.has(first.text.toUpperCase())) throw new QuerySyntaxError('expected a property path', first.pos);
    const segments = [first.text];
    while (this.isPunct('.')) {
      this.i++;
      const t = this.next();
      if (t.type !== 'ident') throw new QuerySyntaxError('expected a property name after .', t.pos);
      segments.push(t.text);
    }
    return segments;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.i++;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isKeyword('AND')) {
      this.i++;
      left = { kind: 'and', left, right: this.parseNot() };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isKeyword('NOT')) {
      this.i++;
      return { kind: 'not', operand: this.parseNot() };
    }
    return this.parsePredicate();
  }

  private parsePredicate(): Expr {
    if (this.isPunct('(')) {
      this.i++;
      const inner = this.parseOr();
      this.expectPunct(')');
      return inner;
    }
    const left = this.parseOperand();
    const t = this.peek();
    if (t.type === 'punct' && ['=', '!=', '<', '>', '<=', '>='].includes(t.text)) {
      this.i++;
      return { kind: 'compare', op: t.text as CompareOp, left, right: this.parseOperand() };
    }
    if (this.isKeyword('IN') || this.isKeyword('NIN') || (this.isKeyword('NOT') && this.tokens[this.i + 1]?.type === 'ident')) {
      let negated = this.isKeyword('NIN');
      if (this.isKeyword('NOT')) {
        this.i++;
        negated = true;
        this.expectKeyword('IN');
      } else this.i++;
      this.expectPunct('[');
      const list: Expr[] = [];
      if (!this.isPunct(']')) {
        do list.push(this.parseOperand());
        while (this.isPunct(',') && this.i++ >= 0);
      }
      this.expectPunct(']');
      return { kind: 'in', negated, operand: left, list };
    }
    if (left.kind === 'call' || (left.kind === 'literal' && typeof left.value === 'boolean')) return left;
    throw new QuerySyntaxError('expected a comparison operator, IN or NIN', t.pos);
  }

  private parseOperand(): Expr {
    const t = this.peek();
    if (t.type === 'string' || t.type === 'number') {
      this.i++;
      return { kind: 'literal', value: t.value };
    }
    if (t.type === 'ident') {
      const upper = t.text.toUpperCase();
      if (upper === 'TRUE' || upper === 'FALSE') {
        this.i++;
        return { kind: 'literal', value: upper === 'TRUE' };
      }
      if (upper === 'NULL') {
        this.i++;
        return { kind: 'literal', value: null };
      }
      if (FUNCTIONS.has(upper) && this.tokens[this.i + 1]?.type === 'punct' && (this.tokens[this.i + 1] as { text: string }).text === '(') {
        this.i += 2;
        const args: Expr[] = [];
        if (!this.isPunct(')')) {
          do args.push(this.parseOperand());
          while (this.isPunct(',') && this.i++ >= 0);
        }
        this.expectPunct(')');
        const name = upper.replace('STARTS_WITH', 'STARTSWITH').replace('ENDS_WITH', 'ENDSWITH');
        const arity = name === 'STARTSWITH' || name === 'ENDSWITH' ? 2 : 1;
        if (name === 'COUNT' || args.length !== arity) throw new QuerySyntaxError(`${upper} takes ${arity} argument${arity > 1 ? 's' : ''}`, t.pos);
        return { kind: 'call', name, args };
      }
      return { kind: 'path', segments: this.parsePath() };
    }
    throw new QuerySyntaxError('expected a value or a property path', t.pos);
  }
}

export function parseQuery(text: string): Query {
  if (text.length > 8192) throw new QuerySyntaxError('the query is longer than 8192 characters', 8192);
  return new Parser(tokenize(text)).parseQuery();
}
