import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/temp-dir.js';
import docusign from '../../connectors/docusign/index.js';
import { configFromFlags, jsonErrorOffset, readConfigFile } from './connect.js';

describe('parapet connect: secrets never echo', () => {
  const dir = tempDir();
  afterAll(() => dir.cleanup());

  it('refuses a secret given inline, naming the file, stdin and environment alternatives', () => {
    expect(() => configFromFlags(docusign, ['--private-key', 'CANARY-PEM'])).toThrow(/--private-key is a secret.*--private-key-file <path>, --private-key-file - \(standard input\) or PARAPET_DOCUSIGN_PRIVATE_KEY/);
    expect(() => configFromFlags(docusign, ['--private-key=CANARY-PEM'])).toThrow(/is a secret/);
    const file = join(dir.path, 'key.pem');
    writeFileSync(file, 'PEM-TEXT\n');
    expect(configFromFlags(docusign, ['--private-key-file', file, '--user-id', 'u'])).toEqual({ privateKey: 'PEM-TEXT', userId: 'u' });
  });

  it('reports a malformed config file by line and column, never quoting it', () => {
    const file = join(dir.path, 'bad.json');
    writeFileSync(file, '{\n  "privateKey": "CANARY-SECRET",\n  oops\n}');
    let message = '';
    try {
      readConfigFile(file);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`--config ${file} is not valid JSON: the error is at line 3, column 3. Fix the file (its content is not shown: it may hold secrets).`);
  });

  it('finds where JSON breaks whatever the parser message looks like', () => {
    expect(jsonErrorOffset('{"a": x}')).toBe(6);
    expect(jsonErrorOffset('{"a": "s",}')).toBe(10);
    expect(jsonErrorOffset('{"a": "sec')).toBe(10);
    expect(jsonErrorOffset('garbage')).toBe(0);
  });
});
