import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { privilegedRoleAssigned } from './privileged-role-assigned.js';

describe('detection.privileged-role-assigned', () => ruleExampleSuite(privilegedRoleAssigned));
