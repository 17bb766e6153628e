import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { mfaMethodAddedForOther } from './mfa-method-added-for-other.js';

describe('detection.mfa-method-added-for-other', () => ruleExampleSuite(mfaMethodAddedForOther));
