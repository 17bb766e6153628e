import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { looksLikeXml, parseXmlRecord } from '../connectors/sdk/xml-record.js';

/** One raw record read from the input, or why a piece of the input could not be read. */
export type InputItem = { where: string; record: unknown } | { where: string; error: string };

/** `<?xml …?>` starts each document when several are concatenated (`cat *.xml`). */
function splitXmlDocuments(text: string): string[] {
  const starts = [...text.matchAll(/<\?xml\b/g)].map((m) => m.index);
  if (starts.length <= 1) return [text];
  const head = text.slice(0, starts[0]).trim();
  const docs = starts.map((start, i) => text.slice(start, starts[i + 1] ?? text.length));
  return head ? [head, ...docs] : docs;
}

function* wholeInput(text: string): Generator<InputItem> {
  if (looksLikeXml(text)) {
    let n = 0;
    for (const doc of splitXmlDocuments(text.replace(/^\uFEFF/, ''))) {
      n++;
      // The record handed to the normaliser is the document text, as a listener receives the body.
      if (parseXmlRecord(doc)) yield { where: `document ${n}`, record: doc.trim() };
      else yield { where: `document ${n}`, error: 'not well-formed XML' };
    }
    return;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Several arrays one after another (`cat *.json` of query results) are read one by one.
    const values = splitValues(text);
    if (!values || values.length < 2) {
      yield { where: 'input', error: `not a JSON array (${(error as Error).message})` };
      return;
    }
    for (const [n, value] of values.entries()) {
      for (const [i, record] of (Array.isArray(value) ? value : [value]).entries()) {
        const where = Array.isArray(value) ? `value ${n + 1}, element ${i}` : `value ${n + 1}`;
        if (typeof record === 'object' && record !== null && !Array.isArray(record)) yield { where, record };
        else yield { where, error: `expected a JSON object, got ${Array.isArray(record) ? 'an array' : typeof record}` };
      }
    }
    return;
  }
  if (!Array.isArray(parsed)) {
    yield { where: 'input', error: 'expected a JSON array of records' };
    return;
  }
  for (const [i, record] of parsed.entries()) {
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) yield { where: `element ${i}`, record };
    else yield { where: `element ${i}`, error: `expected a JSON object, got ${Array.isArray(record) ? 'an array' : typeof record}` };
  }
}

/**
 * Follows a JSON value through one line from `depth` (how deep it already is, outside strings; JSON strings
 * never span lines): `end` is the index just after the bracket that closes it on this line, else null.
 */
function scan(text: string, depth: number, from = 0): { depth: number; end: number | null } {
  let inString = false;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth <= 0) return { depth, end: i + 1 };
    }
  }
  return { depth, end: null };
}

/** The JSON values written one after another in `text` (objects or arrays), or null where one does not parse. */
function splitValues(text: string): unknown[] | null {
  const values: unknown[] = [];
  const body = text.replace(/^\uFEFF/, '');
  let at = body.search(/\S/);
  while (at >= 0 && at < body.length) {
    if (body[at] !== '[' && body[at] !== '{') return null;
    const { end } = scan(body, 0, at);
    if (end === null) return null;
    try {
      values.push(JSON.parse(body.slice(at, end)));
    } catch {
      return null;
    }
    const next = body.slice(end).search(/\S/);
    at = next < 0 ? -1 : end + next;
  }
  return values;
}

/** A pretty-printed record being read: its first line number, its text so far, and how deep it still is. */
interface PendingRecord {
  from: number;
  parts: string[];
  depth: number;
}

/** The records of a value that spans lines `from`..`to`: an object, or the objects of an array. */
function* pendingItems(pending: PendingRecord, to: number, unclosed: boolean): Generator<InputItem> {
  const where = pending.from === to ? `line ${to}` : `lines ${pending.from}-${to}`;
  if (unclosed) {
    yield { where, error: 'not valid JSON: the object never closes' };
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(pending.parts.join('\n'));
  } catch (error) {
    yield { where, error: `not valid JSON (${(error as Error).message})` };
    return;
  }
  for (const [i, record] of (Array.isArray(value) ? value : [value]).entries()) {
    const at = Array.isArray(value) ? `${where}, element ${i}` : where;
    if (typeof record === 'object' && record !== null && !Array.isArray(record)) yield { where: at, record };
    else yield { where: at, error: `expected a JSON object, got ${Array.isArray(record) ? 'an array' : typeof record}` };
  }
}

/**
 * The records of a provider export, in whichever form it comes: JSON lines (one object per line, read as
 * it streams), pretty-printed objects (a sample copied from the provider's documentation or saved with
 * `jq .`, one or several concatenated as `cat *.json` joins them: each is read once its brackets close),
 * one JSON array (a query result such as `az monitor log-analytics query`), or XML documents (DocuSign
 * Connect's legacy messages, one or several concatenated). The form is told by the first non-blank character.
 */
export async function* readRecords(input: Readable): AsyncGenerator<InputItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let whole: string[] | null = null;
  let pending: PendingRecord | null = null;
  let first = true;
  for await (const line of lines) {
    lineNo++;
    if (whole) {
      whole.push(line);
      continue;
    }
    // A pretty-printed record's own lines are indented, or close it at the margin: a blank or unindented
    // line ends a cut-off record, so it cannot swallow the rest of the input.
    if (pending && !/^(\s+\S|[}\]])/.test(line)) {
      yield* pendingItems(pending, lineNo - 1, true);
      pending = null;
    }
    let text = line;
    while (text.trim()) {
      if (pending) {
        const { depth, end } = scan(text, pending.depth);
        pending.parts.push(end === null ? text : text.slice(0, end));
        pending.depth = depth;
        if (end === null) break;
        yield* pendingItems(pending, lineNo, false);
        pending = null;
        text = text.slice(end);
        continue;
      }
      // Only the first non-blank line decides the form: an array or XML is read whole.
      if (first && /^\uFEFF?\s*[<[]/.test(text)) {
        whole = [text];
        break;
      }
      first = false;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        // Not one record on one line: a pretty-printed one starting here, or several on one line (`}{`).
        const value = text.replace(/^\uFEFF/, '').trimStart();
        if (value.startsWith('{') || value.startsWith('[')) {
          const { end } = scan(value, 0);
          if (end === null || end < value.length) {
            pending = { from: lineNo, parts: [], depth: 0 };
            text = value;
            continue;
          }
        }
        yield { where: `line ${lineNo}`, error: `not valid JSON (${(error as Error).message})` };
        break;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        yield { where: `line ${lineNo}`, error: `expected one JSON object per line, got ${Array.isArray(record) ? 'an array' : typeof record}` };
        break;
      }
      yield { where: `line ${lineNo}`, record };
      break;
    }
  }
  if (pending) yield* pendingItems(pending, lineNo, true);
  if (whole) yield* wholeInput(whole.join('\n'));
}
