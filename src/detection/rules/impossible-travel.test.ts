import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { impossibleTravel } from './impossible-travel.js';

describe('detection.impossible-travel', () => ruleExampleSuite(impossibleTravel));
