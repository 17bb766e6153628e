import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { sessionHijack } from './session-hijack.js';

describe('detection.session-hijack', () => ruleExampleSuite(sessionHijack));
