/** OAuth scopes Parapet asks for through domain-wide delegation (digest §1). */
const AUTH = 'https://www.googleapis.com/auth/';

/** Read-only scopes every sync uses. */
export const READ_SCOPES = [
  `${AUTH}admin.reports.audit.readonly`,
  `${AUTH}admin.directory.user.readonly`,
  `${AUTH}admin.directory.group.readonly`,
  `${AUTH}admin.directory.rolemanagement.readonly`,
  `${AUTH}admin.directory.domain.readonly`,
  `${AUTH}admin.directory.user.security`,
  `${AUTH}cloud-identity.policies.readonly`,
] as const;

/** Scopes only governance actions use (suspend needs write access to users). */
export const ACTION_SCOPES = [`${AUTH}admin.directory.user`, `${AUTH}admin.directory.user.security`] as const;

/** The comma-separated list an administrator pastes into Admin console > Security > API controls > Domain-wide delegation. */
export const DELEGATION_SCOPE_LIST = [...new Set([...READ_SCOPES, ...ACTION_SCOPES])].join(',');
