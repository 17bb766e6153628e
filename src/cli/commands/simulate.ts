import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../output.js';

export function registerSimulate(program: Command, _ctx: CliContext): void {
  program
    .command('simulate <provider>')
    .description("Run a provider's local simulator (its API, a seeded tenant, attack scenarios) and print its URLs")
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--seed <n>', 'tenant seed', '1')
    .action(async (provider: string, opts: { port: string; seed: string }) => {
      const { loadConnector, providerIds } = await import('../../connectors/catalog.js');
      const connector = await loadConnector(provider);
      if (!connector) throw new UsageError(`Unknown provider "${provider}". Available: ${providerIds()}`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
      const simulator = await connector.simulator.start({ port, seed: Number(opts.seed) });
      process.stdout.write(`${connector.displayName} simulator (seed ${opts.seed}) is running:\n`);
      for (const [name, url] of Object.entries(simulator.urls)) process.stdout.write(`  ${name.padEnd(12)} ${url}\n`);
      process.stdout.write(`\n${simulator.describe()}\n\nCtrl-C stops it.\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await simulator.close();
    });
}
