import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { appCredentialAdded } from './app-credential-added.js';

describe('detection.app-credential-added', () => ruleExampleSuite(appCredentialAdded));
