/** Proof that the person was at the reader: the statement a card or reader signs, and its signatures. */
export { presenceStatement, PRESENCE_STATEMENT_TAG } from './presence-statement';
export type { PresenceStatementInput } from './presence-statement';
export { presenceDigestInfo, presenceKeyFromSpki, signPresenceStatement, verifyPresenceSignature } from './presence-signature';
