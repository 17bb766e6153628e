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
    yield { where: 'input', error: `not a JSON array (${(error as Error).message})` };
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
 * The records of a provider export, in whichever form it comes: JSON lines (one object per line, read as
 * it streams), one JSON array (a query result such as `az monitor log-analytics query`), or XML documents
 * (DocuSign Connect's legacy messages, one or several concatenated). The form is told by the first
 * non-blank character.
 */
export async function* readRecords(input: Readable): AsyncGenerator<InputItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let whole: string[] | null = null;
  let first = true;
  for await (const line of lines) {
    lineNo++;
    if (whole) {
      whole.push(line);
      continue;
    }
    if (!line.trim()) continue;
    // Only the first non-blank line decides the form: a stray `[` later in JSON lines is a bad line.
    if (first && /^\uFEFF?\s*[<[]/.test(line)) {
      whole = [line];
      continue;
    }
    first = false;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      yield { where: `line ${lineNo}`, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      yield { where: `line ${lineNo}`, error: `expected one JSON object per line, got ${Array.isArray(record) ? 'an array' : typeof record}` };
      continue;
    }
    yield { where: `line ${lineNo}`, record };
  }
  if (whole) yield* wholeInput(whole.join('\n'));
}
