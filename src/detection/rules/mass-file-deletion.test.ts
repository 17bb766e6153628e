import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { massFileDeletion } from './mass-file-deletion.js';

describe('detection.mass-file-deletion', () => ruleExampleSuite(massFileDeletion));
