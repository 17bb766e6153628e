// oidc-provider (a test-only dependency: the local OpenID provider of src/api/oidc.test.ts) ships no types.
declare module 'oidc-provider';
