import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { massSharing } from './mass-sharing.js';

describe('detection.mass-sharing', () => ruleExampleSuite(massSharing));
