#!/usr/bin/env node
// Do the tests catch a wrong program? Makes small automatic mutants of the given source files (a comparison
// flipped or made strict, && for ||, === for !==, true for false, a constant or a ?? default plus one, a !
// dropped), runs the given tests against each in one Vitest server, and lists the mutants no test caught.
//
//   node bin/mutation-audit.js src/connectors/okta/checks/okta-01-password-policy.ts --tests src/connectors/okta/checks
//   node bin/mutation-audit.js src/detection/consumer.ts:134-215 --tests test/detection-durable.test.ts
//
// A source may name a range of lines (`file:from-to`, inclusive) to mutate only those. Each mutant's verdict
// goes to stderr as it is judged ([n/total]), so a run stopped early still says how far it got.
//
// It writes each mutant into the source file and restores it after the run (also on Ctrl-C, SIGTERM and
// SIGHUP, so `timeout` leaves the file as it was; SIGKILL cannot be caught): run it on a
// clean tree and commit nothing while it runs. Lines of metadata (title, rationale, remediation, ...) and
// comments are left alone; a mutant inside a string literal changes wording only, so read survivors with care.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createVitest } from 'vitest/node';

const args = process.argv.slice(2);
const split = args.indexOf('--tests');
if (split < 1 || split === args.length - 1) {
  console.error('usage: node bin/mutation-audit.js <source file>[:from-to]... --tests <test file or folder>...');
  process.exit(2);
}
const sources = args.slice(0, split).map((arg) => {
  const range = /^(.*):(\d+)-(\d+)$/.exec(arg);
  return range ? { file: range[1], from: Number(range[2]), to: Number(range[3]) } : { file: arg, from: 1, to: Infinity };
});
const tests = args.slice(split + 1).map((t) => resolve(t));

const SKIP_LINE = /^\s*(title|rationale|remediation|reference|expected|notEvaluable|id|severity|summary|description):|^\s*(\/\/|\*|\/\*\*)|^import /;
const OPERATORS = [
  [/ <= /g, ' < '], [/ < /g, ' <= '], [/ >= /g, ' > '], [/ > /g, ' >= '],
  [/ === /g, ' !== '], [/ !== /g, ' === '], [/ && /g, ' || '], [/ \|\| /g, ' && '],
  [/\btrue\b/g, 'false'], [/\bfalse\b/g, 'true'],
  [/\?\? \d+\b/g, (m) => `?? ${Number(m.slice(3)) + 1}`], [/= (\d+);/g, (_m, d) => `= ${Number(d) + 1};`],
  [/(?<=[(\s])!(?=[\w(])/g, ''],
];

/** Every mutant of one file's lines `from`..`to` (1-based, inclusive): its label and the whole mutated text. */
function mutantsOf({ file, from, to }) {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const out = [];
  let offset = 0;
  for (const [n, line] of lines.entries()) {
    if (n + 1 >= from && n + 1 <= to && !SKIP_LINE.test(line)) {
      for (const [pattern, replace] of OPERATORS) {
        for (const match of line.matchAll(pattern)) {
          // Inside a single-quoted string: wording, not logic.
          if ((line.slice(0, match.index).match(/'/g) ?? []).length % 2 === 1) continue;
          const replacement = typeof replace === 'function' ? replace(match[0], match[1]) : replace;
          const mutated = line.slice(0, match.index) + replacement + line.slice(match.index + match[0].length);
          out.push({ label: `${file}:${n + 1}: ${match[0].trim() || match[0]} → ${replacement.trim() || '(nothing)'}`, line: mutated.trim(), text: text.slice(0, offset) + mutated + text.slice(offset + line.length) });
        }
      }
    }
    offset += line.length + 1;
  }
  return out;
}

const vitest = await createVitest('test', { watch: false, reporters: [{}] });
const passes = async () => {
  const result = await vitest.runTestFiles(tests);
  return result.testModules.length > 0 && result.testModules.every((m) => m.ok()) && result.unhandledErrors.length === 0;
};
if (!(await passes())) {
  console.error('The tests fail on the unmutated code: fix them first.');
  process.exit(2);
}

let current = null;
const restore = () => {
  if (current) writeFileSync(current.file, current.text);
};
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    restore();
    process.exit(code);
  });
}

let total = 0;
const survivors = [];
const planned = sources.map((source) => ({ file: source.file, mutants: mutantsOf(source) }));
const count = planned.reduce((n, p) => n + p.mutants.length, 0);
for (const { file, mutants } of planned) {
  const original = readFileSync(file, 'utf8');
  current = { file, text: original };
  for (const mutant of mutants) {
    total++;
    writeFileSync(file, mutant.text);
    vitest.invalidateFile(resolve(file));
    try {
      const survived = await passes();
      if (survived) {
        survivors.push(mutant);
        console.log(`survived  ${mutant.label}\n          ${mutant.line}`);
      }
      console.error(`[${total}/${count}] ${survived ? 'survived' : 'caught'}  ${mutant.label}`);
    } finally {
      writeFileSync(file, original);
      vitest.invalidateFile(resolve(file));
    }
  }
  current = null;
}
console.log(`${total} mutants, ${total - survivors.length} caught, ${survivors.length} survived`);
await vitest.close();
