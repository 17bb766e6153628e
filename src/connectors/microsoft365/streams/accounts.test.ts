import { describe, expect, it } from 'vitest';
import { toAccountRecord } from './accounts.js';

const domains = ['contoso.example', 'contoso.onmicrosoft.com'];
const member = { id: 'm1', userType: 'Member', userPrincipalName: 'ceo@contoso.example', mail: 'ceo@contoso.example', proxyAddresses: ['SMTP:ceo@contoso.example', 'smtp:boss@sales.contoso.example'], accountEnabled: true };

describe('Microsoft 365 account records: identity anchors', () => {
  it('a member whose e-mail is in a verified domain of the tenant anchors, with its aliases in those domains', () => {
    expect(toAccountRecord(member, [], domains)).toMatchObject({ email: 'ceo@contoso.example', identityAnchor: true, aliases: ['boss@sales.contoso.example'], details: { emailVerified: true } });
  });

  it('a guest never anchors, even with the CEO\'s address', () => {
    const guest = { id: 'g1', userType: 'Guest', externalUserState: 'Accepted', userPrincipalName: 'ceo_contoso.example#EXT#@fabrikam.onmicrosoft.com', mail: 'ceo@contoso.example', accountEnabled: true };
    expect(toAccountRecord(guest, [], ['fabrikam.example', 'fabrikam.onmicrosoft.com'])).toMatchObject({ email: 'ceo@contoso.example', identityAnchor: false });
  });

  it('a member of another tenant whose mail attribute claims a domain that tenant does not own links nothing', () => {
    const claim = { ...member, id: 'x1', userPrincipalName: 'mallory@fabrikam.example', mail: 'ceo@contoso.example', proxyAddresses: ['SMTP:ceo@contoso.example', 'smtp:mallory@fabrikam.example'] };
    const record = toAccountRecord(claim, [], ['fabrikam.example']);
    expect(record).toMatchObject({ email: 'ceo@contoso.example', identityAnchor: false, aliases: ['mallory@fabrikam.example'], details: { emailVerified: false } });
  });

  it('without the tenant\'s domains (Domain.Read.All missing) nothing anchors', () => {
    expect(toAccountRecord(member, [], null)?.identityAnchor).toBe(false);
  });
});
