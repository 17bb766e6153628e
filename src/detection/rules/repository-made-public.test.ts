import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { repositoryMadePublic } from './repository-made-public.js';

describe('detection.repository-made-public', () => ruleExampleSuite(repositoryMadePublic));
