/**
 * A small SOQL engine for the simulator: `SELECT f[, r.f…] FROM Object [WHERE c AND c…] [ORDER BY f [ASC|DESC], …]
 * [LIMIT n]`, conditions `field op literal` (=, !=, <, <=, >, >=) or `field IN (literal, …)`. Literals:
 * 'strings', numbers, true/false/null and unquoted datetimes (digest §3). Errors are Salesforce's codes.
 */

export type Literal = string | number | boolean | null | { datetime: number };

export interface Condition {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN';
  value: Literal | Literal[];
}

export interface SoqlQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})|'(?:[^'\\]|\\.)*'|!=|<=|>=|[=<>(),]|[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?)/y;

function tokenize(soql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < soql.length) {
    if (/^\s*$/.test(soql.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(soql);
    if (!match?.[1]) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${soql.slice(at).trim().split(/\s/)[0] ?? ''}'`);
    tokens.push(match[1]);
    at = TOKEN.lastIndex;
  }
  return tokens;
}

function literal(token: string | undefined): Literal {
  if (token === undefined) throw new SoqlError('MALFORMED_QUERY', 'unexpected end of query');
  if (token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  if (/^\d{4}-\d{2}-\d{2}T/.test(token)) return { datetime: Date.parse(token.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) };
  if (/^-?\d/.test(token)) return Number(token);
  const word = token.toLowerCase();
  if (word === 'true') return true;
  if (word === 'false') return false;
  if (word === 'null') return null;
  throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token}'`);
}

export function parseSoql(soql: string): SoqlQuery {
  const t = tokenize(soql);
  let i = 0;
  const kw = (word: string) => t[i]?.toUpperCase() === word;
  const expect = (word: string) => {
    if (!kw(word)) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t[i] ?? 'end of query'}' (expecting ${word})`);
    i++;
  };
  expect('SELECT');
  const fields: string[] = [];
  for (;;) {
    const f = t[i++];
    if (!f || !/^[A-Za-z_]/.test(f)) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${f ?? 'end of query'}'`);
    fields.push(f);
    if (t[i] === ',') {
      i++;
      continue;
    }
    break;
  }
  expect('FROM');
  const object = t[i++];
  if (!object) throw new SoqlError('MALFORMED_QUERY', 'missing object after FROM');
  const where: Condition[] = [];
  if (kw('WHERE')) {
    i++;
    for (;;) {
      const field = t[i++];
      const op = t[i++]?.toUpperCase();
      if (!field || !op) throw new SoqlError('MALFORMED_QUERY', 'incomplete condition');
      if (op === 'IN') {
        if (t[i++] !== '(') throw new SoqlError('MALFORMED_QUERY', "expecting '(' after IN");
        const values: Literal[] = [];
        while (t[i] !== ')') {
          values.push(literal(t[i++]));
          if (t[i] === ',') i++;
          else if (t[i] !== ')') throw new SoqlError('MALFORMED_QUERY', "expecting ',' or ')'");
        }
        i++;
        where.push({ field, op: 'IN', value: values });
      } else if (['=', '!=', '<', '<=', '>', '>='].includes(op)) {
        where.push({ field, op: op as Condition['op'], value: literal(t[i++]) });
      } else throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${op}'`);
      if (kw('AND')) {
        i++;
        continue;
      }
      break;
    }
  }
  const orderBy: SoqlQuery['orderBy'] = [];
  if (kw('ORDER')) {
    i++;
    expect('BY');
    for (;;) {
      const field = t[i++];
      if (!field) throw new SoqlError('MALFORMED_QUERY', 'missing ORDER BY field');
      let desc = false;
      if (kw('ASC')) i++;
      else if (kw('DESC')) {
        desc = true;
        i++;
      }
      orderBy.push({ field, desc });
      if (t[i] === ',') {
        i++;
        continue;
      }
      break;
    }
  }
  let limit: number | null = null;
  if (kw('LIMIT')) {
    i++;
    const n = Number(t[i++]);
    if (!Number.isInteger(n) || n < 0) throw new SoqlError('MALFORMED_QUERY', 'LIMIT must be a whole number');
    limit = n;
  }
  if (i < t.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t[i]}'`);
  return { fields, object, where, orderBy, limit };
}

export type Row = Record<string, unknown>;

export function valueAt(row: Row, path: string): unknown {
  let value: unknown = row;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    const key = Object.keys(value).find((k) => k.toLowerCase() === part.toLowerCase());
    value = key === undefined ? null : (value as Row)[key];
  }
  return value;
}

function comparable(value: unknown, like: Literal): unknown {
  if (like !== null && typeof like === 'object' && typeof value === 'string') return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function plain(lit: Literal): unknown {
  if (lit !== null && typeof lit === 'object') return lit.datetime;
  return typeof lit === 'string' ? lit.toLowerCase() : lit;
}

function test(row: Row, c: Condition): boolean {
  const raw = valueAt(row, c.field);
  if (c.op === 'IN') return (c.value as Literal[]).some((v) => comparable(raw, v) === plain(v));
  const v = c.value as Literal;
  const a = comparable(raw, v) as number | string | boolean | null;
  const b = plain(v) as number | string | boolean | null;
  switch (c.op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    default:
      if (a === null || b === null) return false;
      if (c.op === '<') return a < b;
      if (c.op === '<=') return a <= b;
      if (c.op === '>') return a > b;
      return a >= b;
  }
}

/** Datetimes sort by instant (their texts may differ in offset), everything else as it is. */
function sortKey(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return value;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Copies the selected paths of `row`, related objects nested with their `attributes` (as the API returns them). */
export function project(row: Row, fields: readonly string[]): Row {
  const out: Row = { attributes: row.attributes };
  for (const path of fields) {
    const parts = path.split('.');
    let src: unknown = row;
    let dst: Row = out;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as string;
      const key = src && typeof src === 'object' ? (Object.keys(src).find((x) => x.toLowerCase() === part.toLowerCase()) ?? part) : part;
      const value = src && typeof src === 'object' ? (src as Row)[key] : null;
      if (k === parts.length - 1) {
        dst[key] = value ?? null;
        break;
      }
      if (value === null || value === undefined || typeof value !== 'object') {
        dst[key] = null;
        break;
      }
      const existing = dst[key];
      const next: Row = existing && typeof existing === 'object' ? (existing as Row) : { attributes: (value as Row).attributes };
      dst[key] = next;
      dst = next;
      src = value;
    }
  }
  return out;
}

export interface ObjectSchema {
  /** Field names (top level) and relationship names a query may use. */
  fields: readonly string[];
}

/** Runs a parsed query over an object's rows, validating fields against its schema. */
export function runSoql(query: SoqlQuery, rows: readonly Row[], schema: ObjectSchema, soql: string): Row[] {
  const known = new Set(schema.fields.map((f) => f.toLowerCase()));
  for (const f of [...query.fields, ...query.where.map((c) => c.field), ...query.orderBy.map((o) => o.field)]) {
    const head = f.split('.')[0]?.toLowerCase() ?? '';
    if (!known.has(head)) {
      const column = soql.indexOf(f) + 1;
      throw new SoqlError('INVALID_FIELD', `\n${soql}\n${' '.repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\nNo such column '${f}' on entity '${query.object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
  }
  let result = rows.filter((r) => query.where.every((c) => test(r, c)));
  const order = query.orderBy.length > 0 ? query.orderBy : [{ field: 'Id', desc: false }];
  result = [...result].sort((a, b) => {
    for (const o of order) {
      const c = compare(sortKey(valueAt(a, o.field)), sortKey(valueAt(b, o.field)));
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  if (query.limit !== null) result = result.slice(0, query.limit);
  return result.map((r) => project(r, query.fields));
}
