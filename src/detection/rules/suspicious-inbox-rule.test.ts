import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { suspiciousInboxRule } from './suspicious-inbox-rule.js';

describe('detection.suspicious-inbox-rule', () => ruleExampleSuite(suspiciousInboxRule));
