import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { massExternalSharing } from './mass-external-sharing.js';

describe('detection.mass-external-sharing', () => ruleExampleSuite(massExternalSharing));
