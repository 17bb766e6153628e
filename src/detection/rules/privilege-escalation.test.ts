import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { privilegeEscalation } from './privilege-escalation.js';

describe('detection.privilege-escalation', () => ruleExampleSuite(privilegeEscalation));
