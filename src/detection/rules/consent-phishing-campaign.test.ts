import { describe } from 'vitest';
import { ruleExampleSuite } from '../testing/rule-suite.js';
import { consentPhishingCampaign } from './consent-phishing-campaign.js';

describe('detection.consent-phishing-campaign', () => ruleExampleSuite(consentPhishingCampaign));
