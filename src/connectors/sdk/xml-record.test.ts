import { describe, expect, it } from 'vitest';
import { findElement, looksLikeXml, parseXmlRecord } from './xml-record.js';

describe('parseXmlRecord', () => {
  it('reads elements by local name, text with entities and CDATA, nil and empty as null, repeated siblings as a list', () => {
    const xml = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<!-- a Connect message -->
<DocuSignEnvelopeInformation xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://www.docusign.net/API/3.0">
  <EnvelopeStatus>
    <RecipientStatuses>
      <RecipientStatus><Email>a&amp;b@example.com</Email><DeclineReason xsi:nil="true" /></RecipientStatus>
      <RecipientStatus><Email>c@example.com</Email><DeclineReason></DeclineReason></RecipientStatus>
    </RecipientStatuses>
    <Subject><![CDATA[Offer <final>]]></Subject>
    <CustomFields />
  </EnvelopeStatus>
  <TimeZoneOffset>-8</TimeZoneOffset>
</DocuSignEnvelopeInformation>`;
    expect(looksLikeXml(xml)).toBe(true);
    expect(parseXmlRecord(xml)).toEqual({
      DocuSignEnvelopeInformation: {
        EnvelopeStatus: {
          RecipientStatuses: {
            RecipientStatus: [
              { Email: 'a&b@example.com', DeclineReason: null },
              { Email: 'c@example.com', DeclineReason: null },
            ],
          },
          Subject: 'Offer <final>',
          CustomFields: null,
        },
        TimeZoneOffset: '-8',
      },
    });
  });

  it('finds a message inside a SOAP envelope, prefixes dropped', () => {
    const record = parseXmlRecord('<soap:Envelope xmlns:soap="x"><soap:Body><DocuSignConnectUpdate><DocuSignEnvelopeInformation><EnvelopeStatus><Status>Sent</Status></EnvelopeStatus></DocuSignEnvelopeInformation></DocuSignConnectUpdate></soap:Body></soap:Envelope>');
    expect(findElement(record ?? null, 'DocuSignEnvelopeInformation')).toEqual({ EnvelopeStatus: { Status: 'Sent' } });
  });

  it('gives null for text it cannot read (mismatched or unclosed tags, two roots, no element, nesting past 200)', () => {
    expect(parseXmlRecord('<a><b></a>')).toBeNull();
    expect(parseXmlRecord('<a><b>')).toBeNull();
    expect(parseXmlRecord('<a/><b/>')).toBeNull();
    expect(parseXmlRecord('just text')).toBeNull();
    expect(parseXmlRecord('<a>'.repeat(5000) + '</a>'.repeat(5000))).toBeNull();
    expect(parseXmlRecord('<a>'.repeat(100) + '</a>'.repeat(100))).not.toBeNull();
    expect(looksLikeXml('{"a":1}')).toBe(false);
  });
});
