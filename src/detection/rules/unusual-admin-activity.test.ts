import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { unusualAdminActivity } from './unusual-admin-activity.js';

describe('detection.unusual-admin-activity', () => ruleExampleSuite(unusualAdminActivity));
