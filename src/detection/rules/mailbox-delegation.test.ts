import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { mailboxDelegation } from './mailbox-delegation.js';

describe('detection.mailbox-delegation', () => ruleExampleSuite(mailboxDelegation));
