/** Cloud Identity policies of the demo organisation (digest §6): the posture checks find two weaknesses. */
export function demoPolicies(customerId: string): Record<string, unknown>[] {
  const customer = `customers/${customerId}`;
  const policy = (id: string, orgUnit: string, sortOrder: number, type: string, value: Record<string, unknown>) => ({
    name: `policies/${id}`,
    customer,
    policyQuery: { orgUnit: `orgUnits/${orgUnit}`, query: `entity.org_units.exists(org_unit, org_unit.org_unit_id == orgUnitId('${orgUnit}'))`, sortOrder },
    setting: { type: `settings/${type}`, value },
    type: 'ADMIN',
  });
  return [
    policy('ahv4hg7qnqbwz3kmxfqa', '03ph8a2z1enx4lx', 1, 'security.two_step_verification_enrollment', { allowEnrollment: true }),
    // Enforced for the Americas; the EMEA unit was never switched on.
    policy('ahv4hg7qnqbwz3kmxfqb', '03ph8a2z1enx4lx', 1, 'security.two_step_verification_enforcement', { enforcedFrom: '2024-03-01T00:00:00Z' }),
    policy('ahv4hg7qnqbwz3kmxfqc', '03ph8a2z3k9wq2m', 2, 'security.two_step_verification_enforcement', { enforcedFrom: null }),
    policy('ahv4hg7qnqbwz3kmxfqd', '03ph8a2z1enx4lx', 1, 'security.less_secure_apps', { allowLessSecureApps: false }),
    policy('ahv4hg7qnqbwz3kmxfqe', '03ph8a2z1enx4lx', 1, 'drive_and_docs.external_sharing', {
      externalSharingMode: 'ALLOWED',
      allowReceivingExternalFiles: true,
      warnForSharingOutsideAllowlistedDomains: true,
      allowNonGoogleInvites: true,
      warnForExternalSharing: false,
      accessCheckerSuggestions: 'RECIPIENTS_OR_AUDIENCE_OR_PUBLIC',
    }),
  ];
}
