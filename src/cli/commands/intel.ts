import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { IP_DATA_ATTRIBUTION } from '../../detection/enrichment/attribution.js';
import { loadNetworkList } from '../../detection/enrichment/anonymizer-list.js';
import { INDICATOR_KINDS, IntelIndex, RANGE_TAGS, type IndicatorKind, type RangeTag } from '../../detection/enrichment/enricher.js';
import { canonicalCidr } from '../../detection/enrichment/ip.js';
import { parseIpList } from '../../detection/enrichment/ip-list.js';
import { buildActivity } from '../../detection/activity-builder.js';
import { addIpRange, listFeeds, listIndicators, listIpRanges, removeFeed, removeIpRange, replaceFeed } from '../../store/repos/ip-ranges.js';
import type { CliContext } from '../context.js';
import { formatTime, printJson, printTable, UsageError } from '../output.js';

export function registerIntel(program: Command, ctx: CliContext): void {
  const intel = program.command('intel').description('Offline IP intelligence: city/ASN databases, anonymiser lists, threat feeds, your IP ranges');

  intel
    .command('status')
    .description('Which databases, lists, feeds and ranges enrichment uses')
    .action(async () => {
      const store = await ctx.store();
      const { resolveIntelFiles } = await import('../../detection/enrichment/intel-files.js');
      const files = resolveIntelFiles(store.dataDir);
      const networks = loadNetworkList();
      process.stdout.write('Databases (offline, nothing is downloaded):\n');
      printTable([
        { database: 'city (IPv4)', file: files.geo.ipv4 ?? '(missing)', from: files.origin.geoIpv4 },
        { database: 'city (IPv6)', file: files.geo.ipv6 ?? '(missing)', from: files.origin.geoIpv6 },
        { database: 'ASN (IPv4)', file: files.asn.ipv4 ?? '(missing)', from: files.origin.asnIpv4 },
        { database: 'ASN (IPv6)', file: files.asn.ipv6 ?? '(missing)', from: files.origin.asnIpv6 },
      ]);
      const kinds = [...networks.byAsn.values()].reduce<Record<string, number>>((m, e) => ({ ...m, [e.kind]: (m[e.kind] ?? 0) + 1 }), {});
      process.stdout.write(`\nCurated network list ${networks.version}: ${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')} ASNs\n\nImported feeds:\n`);
      printTable((await listFeeds(store.db)).map((f) => ({ feed: f.feed, kind: f.kind, entries: f.entries, imported: formatTime(f.importedAt) })));
      process.stdout.write('\nYour IP ranges:\n');
      printTable((await listIpRanges(store.db)).map((r) => ({ cidr: r.cidr, tag: r.tag, label: r.label })));
      process.stdout.write(`\n${IP_DATA_ATTRIBUTION.join('\n')}\n`);
    });

  intel
    .command('update')
    .description('Load a newer city database (.mmdb) or ASN ranges (.csv) into the data directory')
    .requiredOption('--from <file>', 'a DB-IP / GeoIP2 city mmdb, or an @ip-location-db ASN CSV')
    .action(async (opts: { from: string }) => {
      const store = await ctx.store();
      const { installIntelFile } = await import('../../detection/enrichment/intel-files.js');
      const installed = await installIntelFile(store.dataDir, opts.from);
      process.stdout.write(`installed ${installed.detail} as ${installed.path}; running services use it after a restart\n`);
    });

  intel
    .command('import <file>')
    .description('Import a plain list of IP addresses / CIDR ranges (Tor exit list, threat feed), replacing that feed')
    .requiredOption('--feed <name>', 'a short name for the list, e.g. tor or abuse-ch')
    .option('--kind <kind>', `${INDICATOR_KINDS.join(' | ')} (tor and anonymizer feed detection.anonymous-ip; threat feeds detection.suspicious-ip)`, 'threat')
    .action(async (file: string, opts: { feed: string; kind: string }) => {
      if (!(INDICATOR_KINDS as readonly string[]).includes(opts.kind)) throw new UsageError(`--kind must be one of ${INDICATOR_KINDS.join(', ')}`);
      if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
      const parsed = parseIpList(readFileSync(file, 'utf8'));
      for (const r of parsed.rejected.slice(0, 10)) process.stderr.write(`${file}:${r.line}: not an address or CIDR range: ${r.text}\n`);
      if (parsed.rejected.length > 10) process.stderr.write(`... and ${parsed.rejected.length - 10} more\n`);
      if (parsed.values.length === 0) throw new UsageError(`${file} holds no address or CIDR range; nothing imported`);
      const { db } = await ctx.store();
      const n = await db.transaction().execute((trx) => replaceFeed(trx, opts.feed, opts.kind as IndicatorKind, parsed.values, ctx.clock.now()));
      process.stdout.write(`feed ${opts.feed} (${opts.kind}): ${n} entries imported${parsed.rejected.length ? `, ${parsed.rejected.length} line(s) skipped` : ''}\n`);
    });

  intel
    .command('remove-feed <name>')
    .description('Delete an imported feed')
    .action(async (name: string) => {
      const n = await removeFeed((await ctx.store()).db, name);
      process.stdout.write(`feed ${name} removed (${n} entries)\n`);
    });

  const range = intel.command('range').description('Your IP ranges with tags other policies honour (corporate and vpn are trusted; risky alerts)');
  range
    .command('add <cidr>')
    .requiredOption('--tag <tag>', RANGE_TAGS.join(' | '))
    .option('--label <text>', 'what the range is, e.g. "HQ egress"')
    .action(async (cidr: string, opts: { tag: string; label?: string }) => {
      if (!(RANGE_TAGS as readonly string[]).includes(opts.tag)) throw new UsageError(`--tag must be one of ${RANGE_TAGS.join(', ')}`);
      const canonical = canonicalCidr(cidr);
      if (!canonical) throw new UsageError(`"${cidr}" is not an IP address or CIDR range (e.g. 198.51.100.0/24, 2001:db8::/32)`);
      const added = await addIpRange((await ctx.store()).db, { cidr: canonical, tag: opts.tag as RangeTag, label: opts.label ?? null, now: ctx.clock.now() });
      process.stdout.write(`range ${added.cidr} tagged ${added.tag}${added.label ? ` (${added.label})` : ''}\n`);
    });
  range
    .command('list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const ranges = await listIpRanges((await ctx.store()).db);
      if (opts.json) printJson(ranges);
      else printTable(ranges.map((r) => ({ id: r.id, cidr: r.cidr, tag: r.tag, label: r.label, added: formatTime(r.createdAt) })));
    });
  range
    .command('remove <cidrOrId>')
    .action(async (ref: string) => {
      const n = await removeIpRange((await ctx.store()).db, canonicalCidr(ref) ?? ref);
      process.stdout.write(`${n} range(s) removed\n`);
    });

  intel
    .command('lookup <ip>')
    .description('What enrichment knows about an address: place, network, anonymiser, feeds, your tags')
    .option('--json', 'print JSON')
    .action(async (ip: string, opts: { json?: boolean }) => {
      const store = await ctx.store();
      const { openEnricher } = await import('../../detection/enrichment/open-enricher.js');
      const { enricher } = openEnricher({ dataDir: store.dataDir });
      enricher.setIntel(IntelIndex.build(await listIpRanges(store.db), await listIndicators(store.db)));
      const probe = buildActivity({ srcIp: ip, time: ctx.clock.now() });
      await enricher.prepare([probe]);
      const { activity, intel: found } = enricher.enrich(probe);
      const result = { ...found, geo: activity.geo, asn: activity.asn, asOrg: activity.asOrg };
      if (opts.json) return printJson(result);
      if (!found.ip) throw new UsageError(`"${ip}" is not an IP address`);
      const place = [activity.geo.city, activity.geo.region, activity.geo.country].filter(Boolean).join(', ') || (found.routable ? 'unknown' : 'private / not routable');
      process.stdout.write(
        [
          `address      ${found.ip} (IPv${found.version})`,
          `place        ${place}${activity.geo.lat !== null ? ` (${activity.geo.lat.toFixed(3)}, ${activity.geo.lon?.toFixed(3)})` : ''}`,
          `network      ${activity.asn ? `AS${activity.asn} ${activity.asOrg ?? ''}` : 'unknown'}${found.network ? ` — listed as ${found.network.kind} (${found.network.name})` : ''}`,
          `anonymiser   ${found.anonymizer ? `${found.anonymizer.kind} (${found.anonymizer.source})` : 'no'}`,
          `threat feeds ${found.threatFeeds.join(', ') || 'none'}`,
          `your tags    ${found.rangeTags.length ? `${found.rangeTags.join(', ')} (${found.rangeLabels.join(', ')})` : 'none'}`,
          '',
          IP_DATA_ATTRIBUTION[0],
          '',
        ].join('\n'),
      );
    });
}
