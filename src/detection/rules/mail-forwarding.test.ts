import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { mailForwarding } from './mail-forwarding.js';

describe('detection.mail-forwarding', () => ruleExampleSuite(mailForwarding));
