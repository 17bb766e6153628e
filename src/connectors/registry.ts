import type { AnyConnector } from './sdk/define-connector.js';
import docusign from './docusign/index.js';
import microsoft365 from './microsoft365/index.js';
import okta from './okta/index.js';
import googleWorkspace from './google-workspace/index.js';
import github from './github/index.js';
import slack from './slack/index.js';
import salesforce from './salesforce/index.js';
import box from './box/index.js';
import dropbox from './dropbox/index.js';
import zoom from './zoom/index.js';
import atlassian from './atlassian/index.js';
import servicenow from './servicenow/index.js';
import { registryOf } from './sdk/registry-of.js';

/** The one list of connectors. Tests, the CLI and the portal derive from it: a new provider is one line here. */
export const connectors: readonly AnyConnector[] = [docusign, microsoft365, okta, googleWorkspace, github, slack, salesforce, box, dropbox, zoom, atlassian, servicenow];

export const registry = registryOf(connectors);
