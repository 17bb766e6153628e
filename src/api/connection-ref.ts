import { ConfigError, NotFoundError } from '../core/errors.js';
import type { Db } from '../store/db.js';
import { findInstance } from '../store/repos/connector-instances.js';
import { invalid } from './problem.js';

/**
 * The connection a request names in `path` (`query.connector`, `body.connector`): by name, id, or the provider
 * id of the only connection of that app, as the CLI reads it. An unknown or ambiguous one is a 422 naming the
 * field and the connections there are.
 */
export async function connectionIdNamed(db: Db, ref: string, path: string): Promise<string> {
  try {
    return (await findInstance(db, ref)).id;
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ConfigError) throw invalid(path, error.message);
    throw error;
  }
}
