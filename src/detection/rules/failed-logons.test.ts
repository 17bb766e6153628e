import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { failedLogons } from './failed-logons.js';

describe('detection.failed-logons', () => ruleExampleSuite(failedLogons));
