import type { AnyConnector } from './sdk/define-connector.js';
import docusign from './docusign/index.js';
import googleWorkspace from './google-workspace/index.js';
import microsoft365 from './microsoft365/index.js';
import github from './github/index.js';
import okta from './okta/index.js';
import slack from './slack/index.js';
import dropbox from './dropbox/index.js';
import { registryOf } from './sdk/registry-of.js';

/** The one list of connectors. Tests, the CLI and the portal derive from it: a new provider is one line here. */
export const connectors: readonly AnyConnector[] = [docusign, microsoft365, okta, googleWorkspace, github, slack, dropbox];

export const registry = registryOf(connectors);
