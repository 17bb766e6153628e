import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { infrequentCountry } from './infrequent-country.js';

describe('detection.infrequent-country', () => ruleExampleSuite(infrequentCountry));
