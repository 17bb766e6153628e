import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { terminatedUser } from './terminated-user.js';

describe('detection.terminated-user', () => ruleExampleSuite(terminatedUser));
