import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { massDownload } from './mass-download.js';

describe('detection.mass-download', () => ruleExampleSuite(massDownload));
