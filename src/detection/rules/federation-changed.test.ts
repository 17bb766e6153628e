import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { federationChanged } from './federation-changed.js';

describe('detection.federation-changed', () => ruleExampleSuite(federationChanged));
