import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { RotationResult } from '../../store/key-rotation.js';
import type { CliContext } from '../context.js';
import { progressBar } from '../progress.js';
import { UsageError } from '../output.js';

export function registerKeys(program: Command, ctx: CliContext): void {
  const keys = program.command('keys').description('Manage the key that encrypts connector secrets at rest (see docs/security.md)');
  keys
    .command('rotate')
    .description('Re-encrypt every connector secret under a new key. Stop `parapet serve` first. The new key replaces the key file; with PARAPET_SECRET_KEY set, it goes to --new-key-file.')
    .option('--new-key-file <path>', 'where to write the new key when the current one comes from PARAPET_SECRET_KEY (a new file, 0600)')
    .action(async (opts: { newKeyFile?: string }) => {
      const config = ctx.config();
      const store = await ctx.store();
      const [{ rotateKeyFile, rotateToNewFile }, { keyFilePath }] = await Promise.all([import('../../store/key-rotation.js'), import('../../store/secret-box.js')]);
      const keyFile = keyFilePath(config.dataDir, { envKey: config.secretKey, keyFile: config.secretKeyFile });
      const bar = progressBar('re-encrypting', 'connector secrets');
      const onProgress = (done: number, total: number) => bar.update(done, total);
      let result: RotationResult;
      try {
        if (keyFile) {
          if (opts.newKeyFile) throw new UsageError(`--new-key-file is only for a key given in PARAPET_SECRET_KEY; this key lives in ${keyFile}, which the rotation replaces.`);
          result = await rotateKeyFile(store, keyFile, onProgress);
        } else {
          if (!opts.newKeyFile) {
            throw new UsageError('The key comes from PARAPET_SECRET_KEY, which Parapet cannot rewrite: run `parapet keys rotate --new-key-file <path>`, then set PARAPET_SECRET_KEY_FILE=<path> and remove PARAPET_SECRET_KEY.');
          }
          result = await rotateToNewFile(store, resolve(opts.newKeyFile), onProgress);
        }
      } finally {
        bar.stop();
      }
      process.stdout.write(`Re-encrypted ${result.reencrypted} connector config(s): key ${result.previousKeyId} -> ${result.newKeyId}.\n`);
      if (keyFile) process.stdout.write(`The new key is in ${keyFile}; back it up with the database (the old key no longer opens anything).\n`);
      else process.stdout.write(`The new key is in ${resolve(opts.newKeyFile!)}: set PARAPET_SECRET_KEY_FILE to it and remove PARAPET_SECRET_KEY before the next start.\n`);
    });
}
