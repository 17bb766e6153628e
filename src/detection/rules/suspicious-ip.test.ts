import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { suspiciousIp } from './suspicious-ip.js';

describe('detection.suspicious-ip', () => ruleExampleSuite(suspiciousIp));
