import type {
  ColumnDefinitionNode} from 'kysely';
import {
  DataTypeNode,
  GeneratedNode,
  OperationNodeTransformer,
  PostgresAdapter,
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** The SQL databases Parapet's store runs on. */
export type DialectName = 'sqlite' | 'postgres';

/** Which database a Kysely instance (or a transaction of it) talks to. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's tables
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * PostgreSQL: the schema tables are created in (the search_path's first). Kysely's introspection and
 * migrator look at every schema of the database; Parapet's own are the ones in this schema. SQLite: none.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's tables
export async function currentSchema(db: Kysely<any>): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema;
}

/** The scalar larger-of function: SQLite's two-argument `max`, PostgreSQL's `greatest`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any database's tables
export function greatest(db: Kysely<any>): 'max' | 'greatest' {
  return dialectOf(db) === 'postgres' ? 'greatest' : 'max';
}

/** Whether a database URL selects PostgreSQL (`postgres://` or `postgresql://`). */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Migrations are written with SQLite's type names, and on PostgreSQL this plugin gives the columns the types
 * that hold the same values: SQLite's INTEGER is 64-bit (ASNs, counters and 0/1 flags alike), so `integer`
 * becomes `bigint`; SQLite's REAL is a double, so `real` becomes `double precision`; and an
 * `integer primary key autoincrement` becomes an identity column. Every bigint comes back as a JS number
 * (the pool's type parser), as from SQLite.
 */
export class PostgresTypesPlugin implements KyselyPlugin {
  readonly #transformer = new PostgresTypesTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class PostgresTypesTransformer extends OperationNodeTransformer {
  protected override transformColumnDefinition(node: ColumnDefinitionNode): ColumnDefinitionNode {
    const next = super.transformColumnDefinition(node);
    const type = DataTypeNode.is(next.dataType) ? next.dataType.dataType : undefined;
    if (next.autoIncrement) {
      const { autoIncrement: _dropped, ...rest } = next;
      return { ...rest, dataType: DataTypeNode.create('bigint'), generated: GeneratedNode.create({ identity: true, byDefault: true }) };
    }
    if (type === 'integer') return { ...next, dataType: DataTypeNode.create('bigint') };
    if (type === 'real') return { ...next, dataType: DataTypeNode.create('double precision') };
    return next;
  }
}
