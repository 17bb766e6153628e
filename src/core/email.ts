/** The domain of an e-mail address, lower-cased; null when it has no `@` with something before it. */
export function domainOf(email: string | null | undefined): string | null {
  const at = email ? email.lastIndexOf('@') : -1;
  return email && at > 0 ? email.slice(at + 1).toLowerCase() : null;
}
