import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { oauthHighPrivilege } from './oauth-high-privilege.js';

describe('detection.oauth-high-privilege', () => ruleExampleSuite(oauthHighPrivilege));
