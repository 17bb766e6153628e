import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import { csvRecords } from '../sdk/csv-stream.js';
import type { HttpClient } from '../sdk/http-client.js';
import type { SalesforceAuth } from './auth.js';
import { loginEndpoint, type SalesforceConfig } from './config.js';
import { dateHeaderTime } from '../sdk/date-header.js';

const QueryPageSchema = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type QueryPage = z.infer<typeof QueryPageSchema>;

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** A SOQL datetime literal: unquoted ISO-8601 in UTC (digest §3). */
export function soqlDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A SOQL string literal, quotes and backslashes escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Typed calls to one org's REST API (`{instance_url}/services/data/vXX.X`). */
export class SalesforceClient {
  constructor(
    private readonly http: HttpClient,
    readonly auth: SalesforceAuth,
    private readonly config: SalesforceConfig,
  ) {}

  /** The org's instance URL, from the token response (minting a token first if needed). */
  private async base(): Promise<string> {
    return (await this.auth.session()).instanceUrl;
  }

  private async dataUrl(path: string): Promise<string> {
    return `${await this.base()}/services/data/v${this.config.apiVersion}${path}`;
  }

  /** One page of a SOQL query: the first (`soql`) or the next (`nextRecordsUrl`, exactly as given). */
  async queryPage(input: { soql: string; tooling?: boolean } | { nextRecordsUrl: string }, signal?: AbortSignal): Promise<QueryPage> {
    if ('nextRecordsUrl' in input && !/^\/services\/data\/v[\d.]+\/(tooling\/)?query\/[A-Za-z0-9-]+$/.test(input.nextRecordsUrl)) {
      throw new ProviderError(`salesforce.query.next: Salesforce returned a nextRecordsUrl that is not a query locator path (${input.nextRecordsUrl.slice(0, 80)}); nothing more was read. The next sync starts the query again.`);
    }
    const url = 'soql' in input ? await this.dataUrl(input.tooling ? '/tooling/query' : '/query') : `${await this.base()}${input.nextRecordsUrl}`;
    const { body } = await this.http.json(
      {
        operation: 'soql' in input ? `salesforce.${input.tooling ? 'tooling.' : ''}query` : 'salesforce.query.next',
        url,
        ...('soql' in input ? { query: { q: input.soql } } : {}),
        headers: { 'sforce-query-options': `batchSize=${this.config.batchSize}` },
        auth: this.auth,
      },
      QueryPageSchema,
      signal,
    );
    return body;
  }

  /** Every row of a query, page by page, following `nextRecordsUrl` until `done`. */
  async *queryAll(soql: string, signal?: AbortSignal, tooling = false): AsyncGenerator<Record<string, unknown>[]> {
    let page = await this.queryPage({ soql, tooling }, signal);
    for (;;) {
      yield page.records;
      if (page.done || !page.nextRecordsUrl) return;
      page = await this.queryPage({ nextRecordsUrl: page.nextRecordsUrl }, signal);
    }
  }

  async rows(soql: string, signal?: AbortSignal, tooling = false): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    for await (const page of this.queryAll(soql, signal, tooling)) out.push(...page);
    return out;
  }

  /** `PATCH /sobjects/{type}/{id}`: 204 on success. */
  async patch(type: string, id: string, fields: Record<string, unknown>, signal?: AbortSignal): Promise<void> {
    await this.http.request({ operation: `salesforce.${type}.update`, method: 'PATCH', url: await this.dataUrl(`/sobjects/${type}/${encodeURIComponent(id)}`), json: fields, auth: this.auth }, signal);
  }

  /** `DELETE /sobjects/{type}/{id}`: 204, or 404 when it is already gone (answered as false). */
  async delete(type: string, id: string, signal?: AbortSignal): Promise<boolean> {
    const response = await this.http.request({ operation: `salesforce.${type}.delete`, method: 'DELETE', url: await this.dataUrl(`/sobjects/${type}/${encodeURIComponent(id)}`), auth: this.auth, accept: [404] }, signal);
    return response.status !== 404;
  }

  /** Revokes an OAuth token (an OauthToken's DeleteToken) on the login host: `POST /services/oauth2/revoke`. */
  async revokeToken(token: string, signal?: AbortSignal): Promise<boolean> {
    this.http.redactor.add(token);
    const response = await this.http.request({ operation: 'salesforce.oauth.revoke', method: 'POST', url: `${loginEndpoint(this.config).url}/services/oauth2/revoke`, form: { token }, credentials: true, accept: [400] }, signal);
    return response.status === 200;
  }

  /** `GET /limits`: the org's allocations and what is left of them. */
  async limits(signal?: AbortSignal): Promise<{ limits: Record<string, { Max?: number | undefined; Remaining?: number | undefined }>; serverNow: number | null }> {
    const { body, response } = await this.http.json({ operation: 'salesforce.limits', url: await this.dataUrl('/limits'), auth: this.auth }, z.record(z.string(), z.object({ Max: z.number().optional(), Remaining: z.number().optional() }).passthrough()), signal);
    return { limits: body, serverNow: dateHeaderTime(response) };
  }

  /**
   * The rows of one Event Log File, read as the CSV arrives (`GET /sobjects/EventLogFile/{id}/LogFile`): a
   * file can hold hundreds of megabytes, and only one row is held at a time.
   */
  async *eventLogRows(fileId: string, signal?: AbortSignal): AsyncGenerator<Record<string, string>> {
    const response = await this.http.request({ operation: 'salesforce.eventLogFile.download', url: await this.dataUrl(`/sobjects/EventLogFile/${encodeURIComponent(fileId)}/LogFile`), auth: this.auth, stream: true }, signal);
    yield* csvRecords(response.body ?? once(response.text));
  }
}
