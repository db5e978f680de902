// Keys at rest and signing key rotation, for the server's entry points and the `parley` CLI.
export {
  MASTER_KEY_ENV,
  masterKeyFileFor,
  resolveMasterKey,
  warnAboutMasterKeyFile,
  type MasterKey,
  type MasterKeySource,
} from './master-key.ts';
export { rotateSigningKeys, tokenLifetimeSeconds, type RotatedSigningKey } from './rotate-signing-keys.ts';
