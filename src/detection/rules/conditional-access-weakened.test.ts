import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { conditionalAccessWeakened } from './conditional-access-weakened.js';

describe('detection.conditional-access-weakened', () => ruleExampleSuite(conditionalAccessWeakened));
