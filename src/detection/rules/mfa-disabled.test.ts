import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { mfaDisabled } from './mfa-disabled.js';

describe('detection.mfa-disabled', () => ruleExampleSuite(mfaDisabled));
