import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { anonymousIp } from './anonymous-ip.js';

describe('detection.anonymous-ip', () => ruleExampleSuite(anonymousIp));
