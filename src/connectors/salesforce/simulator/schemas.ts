import type { ObjectSchema } from './soql.js';

const s = (fields: string): ObjectSchema => ({ fields: fields.split(/\s+/).filter(Boolean) });

/** Fields (and relationships) a query may name, per object the simulator serves (lower-cased object names). */
export const OBJECT_SCHEMAS: Record<string, ObjectSchema> = {
  user: s('Id Username Email Name IsActive UserType ProfileId Profile UserRoleId LastLoginDate CreatedDate'),
  userlogin: s('Id UserId IsFrozen IsPasswordLocked LastModifiedDate'),
  profile: s('Id Name'),
  permissionset: s('Id Name Label IsOwnedByProfile ProfileId Profile PermissionsModifyAllData PermissionsViewAllData PermissionsManageUsers PermissionsCustomizeApplication PermissionsAuthorApex'),
  permissionsetassignment: s('Id AssigneeId PermissionSetId PermissionSet'),
  group: s('Id Name DeveloperName Type'),
  groupmember: s('Id GroupId UserOrGroupId'),
  loginhistory: s('Id UserId LoginTime LoginType Status SourceIp LoginUrl Application Browser Platform ApiType ApiVersion ClientVersion AuthenticationServiceId CountryIso CipherSuite TlsProtocol LoginGeoId LoginGeo'),
  setupaudittrail: s('Id Action Section Display CreatedDate CreatedById CreatedBy DelegateUser CreatedByContext CreatedByIssuer ResponsibleNamespacePrefix'),
  eventlogfile: s('Id EventType LogDate Interval Sequence LogFileLength LogFileContentType LogFileFieldNames LogFileFieldTypes LogFile ApiVersion CreatedDate'),
  oauthtoken: s('Id AppName AppMenuItemId UserId CreatedDate LastUsedDate UseCount DeleteToken AccessToken RequestToken'),
  authsession: s('Id UsersId SessionType LoginType SourceIp CreatedDate'),
};

export const TOOLING_SCHEMAS: Record<string, ObjectSchema> = {
  securityhealthcheck: s('Id Score CustomBaselineId DurableId'),
  securityhealthcheckrisks: s('Setting SettingGroup OrgValue OrgValueRaw StandardValue StandardValueRaw RiskType'),
};
