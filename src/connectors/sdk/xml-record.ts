/**
 * XML as a provider exports it (DocuSign Connect's legacy messages, SOAP envelopes) read into the plain
 * record shape the normalisers and the field-source paths work on: each element becomes a property named
 * after its local name (namespace prefix dropped); an element with only text becomes that text (entities
 * decoded), an empty or `xsi:nil` one becomes null, and repeated siblings become an array. Attributes,
 * comments, processing instructions and DOCTYPEs are dropped. Pure and total: text that is not well-formed
 * enough to read, or nests deeper than 200 elements, gives null.
 */

export type XmlValue = string | null | XmlRecord | XmlValue[];
export interface XmlRecord {
  [name: string]: XmlValue;
}

/** Deeper documents are not read: no export nests this far, and the walkers over the record recurse. */
const MAX_DEPTH = 200;

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

interface Frame {
  name: string;
  nil: boolean;
  children: [string, XmlValue][];
  text: string;
}

function settle(frame: Frame): XmlValue {
  if (frame.children.length === 0) {
    const text = frame.text.trim();
    return frame.nil || text === '' ? null : text;
  }
  const out: XmlRecord = {};
  for (const [name, value] of frame.children) {
    // A settled element is never an array itself, so an array here is the siblings gathered so far.
    const existing = out[name];
    if (existing === undefined) out[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[name] = [existing, value];
  }
  return out;
}

/** Whether a text looks like an XML document (after a byte-order mark and whitespace). */
export function looksLikeXml(text: unknown): text is string {
  return typeof text === 'string' && /^\uFEFF?\s*</.test(text);
}

/** One XML document -> `{ [rootName]: value }`, or null when it cannot be read. */
export function parseXmlRecord(text: string): XmlRecord | null {
  const stack: Frame[] = [{ name: '#document', nil: false, children: [], text: '' }];
  const tag = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<\/\s*([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(text); match !== null; match = tag.exec(text)) {
    const top = stack[stack.length - 1];
    if (!top) return null;
    top.text += decodeEntities(text.slice(last, match.index));
    last = tag.lastIndex;
    const [, cdata, closing, opening, attributes = '', selfClosing] = match;
    if (cdata !== undefined) top.text += cdata;
    else if (closing !== undefined) {
      const done = stack.pop();
      const parent = stack[stack.length - 1];
      if (!done || !parent || localName(closing) !== done.name) return null;
      parent.children.push([done.name, settle(done)]);
    } else if (opening !== undefined) {
      const frame: Frame = { name: localName(opening), nil: /\bnil\s*=\s*["']true["']/.test(attributes), children: [], text: '' };
      if (selfClosing) top.children.push([frame.name, settle(frame)]);
      else if (stack.length > MAX_DEPTH) return null;
      else stack.push(frame);
    }
  }
  const document = stack[0];
  if (stack.length !== 1 || !document || document.children.length !== 1) return null;
  const [rootName, rootValue] = document.children[0] ?? [];
  return rootName === undefined || rootValue === undefined ? null : { [rootName]: rootValue };
}

/** The first element named `name` at any depth (e.g. a message inside a SOAP envelope). */
export function findElement(value: XmlValue | undefined, name: string): XmlValue | undefined {
  if (value === null || value === undefined || typeof value === 'string') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findElement(item, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (name in value) return value[name];
  for (const child of Object.values(value)) {
    const found = findElement(child, name);
    if (found !== undefined) return found;
  }
  return undefined;
}
