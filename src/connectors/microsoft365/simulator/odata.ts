/**
 * The OData subset Microsoft Graph's directory and reports APIs accept (digest §3.1, §5.3): `$filter` with
 * eq/ne/ge/gt/le/lt joined by and/or, `startsWith()`, lambda `any()` over collections, parentheses and
 * `not`; `$select`; `$orderby`. Anything else is refused the way Graph refuses it.
 */

export type FilterNode =
  | { kind: 'compare'; op: 'eq' | 'ne' | 'ge' | 'gt' | 'le' | 'lt'; path: string[]; value: Literal }
  | { kind: 'startsWith'; path: string[]; value: string }
  | { kind: 'any'; path: string[]; variable: string; body: FilterNode }
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; inner: FilterNode };

export type Literal = string | number | boolean | null | { datetime: number };

export class ODataError extends Error {}

type Token = { type: 'word' | 'string' | 'punct'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new ODataError('Unterminated string literal.');
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          value += text[i];
          i++;
        }
      }
      tokens.push({ type: 'string', text: value });
    } else if ('(),:'.includes(c)) {
      tokens.push({ type: 'punct', text: c });
      i++;
    } else {
      let word = '';
      while (i < text.length && !/[\s(),']/.test(text[i] as string) && !(text[i] === ':' && !/^\d{4}-\d{2}-\d{2}T/.test(word))) {
        word += text[i];
        i++;
      }
      tokens.push({ type: 'word', text: word });
    }
  }
  return tokens;
}

const COMPARE = new Set(['eq', 'ne', 'ge', 'gt', 'le', 'lt']);

/** Parses a `$filter` expression; throws ODataError on anything outside the subset. */
export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => {
    const t = tokens[pos++];
    if (!t) throw new ODataError(`Syntax error: unexpected end of the filter expression '${text}'.`);
    return t;
  };
  const expect = (p: string) => {
    const t = next();
    if (t.text !== p) throw new ODataError(`Syntax error: expected '${p}' at '${t.text}' in '${text}'.`);
  };

  const parseOr = (): FilterNode => {
    let left = parseAnd();
    while (peek()?.type === 'word' && peek()?.text.toLowerCase() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): FilterNode => {
    let left = parseUnary();
    while (peek()?.type === 'word' && peek()?.text.toLowerCase() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): FilterNode => {
    const t = peek();
    if (t?.type === 'word' && t.text.toLowerCase() === 'not') {
      pos++;
      return { kind: 'not', inner: parseUnary() };
    }
    if (t?.type === 'punct' && t.text === '(') {
      pos++;
      const inner = parseOr();
      expect(')');
      return inner;
    }
    return parsePrimary();
  };
  const parsePrimary = (): FilterNode => {
    const t = next();
    if (t.type !== 'word') throw new ODataError(`Syntax error at '${t.text}' in '${text}'.`);
    if (t.text.toLowerCase() === 'startswith' && peek()?.text === '(') {
      pos++;
      const field = next();
      expect(',');
      const value = next();
      expect(')');
      if (field.type !== 'word' || value.type !== 'string') throw new ODataError(`startsWith expects (property, 'text') in '${text}'.`);
      return { kind: 'startsWith', path: field.text.split('/'), value: value.text };
    }
    const anyMatch = /^(.+)\/any$/i.exec(t.text);
    if (anyMatch?.[1] && peek()?.text === '(') {
      pos++;
      const variable = next();
      expect(':');
      const body = parseOr();
      expect(')');
      return { kind: 'any', path: anyMatch[1].split('/'), variable: variable.text, body };
    }
    const op = next();
    if (op.type !== 'word' || !COMPARE.has(op.text.toLowerCase())) {
      throw new ODataError(`Invalid filter clause: the operator '${op.text}' is not supported in '${text}'.`);
    }
    return { kind: 'compare', op: op.text.toLowerCase() as 'eq', path: t.text.split('/'), value: literal(next()) };
  };

  const node = parseOr();
  if (pos !== tokens.length) throw new ODataError(`Syntax error at position ${pos} in '${text}'.`);
  return node;
}

function literal(token: Token): Literal {
  if (token.type === 'string') return token.text;
  const text = token.text;
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/.test(text)) {
    const ms = Date.parse(/T/.test(text) && !text.endsWith('Z') ? `${text}Z` : text);
    if (!Number.isNaN(ms)) return { datetime: ms };
  }
  throw new ODataError(`Invalid literal '${text}' in the filter expression.`);
}

function resolve(record: unknown, path: readonly string[]): unknown {
  let current = record;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (expected !== null && typeof expected === 'object') {
    const ms = typeof actual === 'string' ? Date.parse(actual) : typeof actual === 'number' ? actual : NaN;
    if (Number.isNaN(ms)) return op === 'ne';
    return ordered(ms, op, expected.datetime);
  }
  if (expected === null) return op === 'eq' ? actual === null || actual === undefined : op === 'ne' ? actual !== null && actual !== undefined : false;
  if (typeof expected === 'string') {
    if (typeof actual !== 'string') return op === 'ne';
    // Directory string comparisons ignore case.
    return ordered(actual.toLowerCase(), op, expected.toLowerCase());
  }
  if (typeof actual !== typeof expected) return op === 'ne';
  return ordered(actual as number | boolean, op, expected);
}

function ordered<T extends string | number | boolean>(a: T, op: string, b: T): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'ge':
      return a >= b;
    case 'gt':
      return a > b;
    case 'le':
      return a <= b;
    default:
      return a < b;
  }
}

/** Evaluates a parsed filter against one record (`variables` holds lambda bindings). */
export function matches(node: FilterNode, record: unknown, variables: Record<string, unknown> = {}): boolean {
  const read = (path: string[]) => {
    const [head, ...rest] = path;
    if (head !== undefined && head in variables) return rest.length ? resolve(variables[head], rest) : variables[head];
    return resolve(record, path);
  };
  switch (node.kind) {
    case 'compare':
      return compare(read(node.path), node.op, node.value);
    case 'startsWith': {
      const value = read(node.path);
      return typeof value === 'string' && value.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case 'any': {
      const collection = read(node.path);
      return Array.isArray(collection) && collection.some((item) => matches(node.body, record, { ...variables, [node.variable]: item }));
    }
    case 'and':
      return matches(node.left, record, variables) && matches(node.right, record, variables);
    case 'or':
      return matches(node.left, record, variables) || matches(node.right, record, variables);
    case 'not':
      return !matches(node.inner, record, variables);
  }
}

/** Top-level property names a filter touches (for per-endpoint allow-lists). */
export function filterProperties(node: FilterNode): string[] {
  switch (node.kind) {
    case 'compare':
    case 'startsWith':
      return [node.path.join('/')];
    case 'any':
      return [node.path.join('/')];
    case 'and':
    case 'or':
      return [...filterProperties(node.left), ...filterProperties(node.right)];
    case 'not':
      return filterProperties(node.inner);
  }
}

/** Projects `$select`ed properties (Graph always keeps `@odata.type` when present). */
export function project(record: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  if (!select) return record;
  const out: Record<string, unknown> = {};
  if ('@odata.type' in record) out['@odata.type'] = record['@odata.type'];
  for (const field of select) if (field in record) out[field] = record[field];
  return out;
}

export function parseSelect(value: string | undefined): string[] | null {
  if (value === undefined || value.trim() === '') return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An opaque `$skiptoken`: where the next page starts, and the instant the listing was taken at. */
export function encodeSkipToken(offset: number, asOf: number, fingerprint: string): string {
  const payload = Buffer.from(JSON.stringify({ o: offset, t: asOf, f: fingerprint })).toString('base64url');
  return `RFNwdAIAAQAAA${payload}`;
}

export function decodeSkipToken(token: string, fingerprint: string): { offset: number; asOf: number } {
  if (!token.startsWith('RFNwdAIAAQAAA')) throw new ODataError('Invalid $skiptoken.');
  try {
    const parsed = JSON.parse(Buffer.from(token.slice(13), 'base64url').toString('utf8')) as { o?: unknown; t?: unknown; f?: unknown };
    if (typeof parsed.o !== 'number' || typeof parsed.t !== 'number' || parsed.f !== fingerprint) throw new Error('mismatch');
    return { offset: parsed.o, asOf: parsed.t };
  } catch {
    throw new ODataError('Invalid $skiptoken: it does not belong to this query.');
  }
}
