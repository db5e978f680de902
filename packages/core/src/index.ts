export * from './errors.ts';
export * from './clock.ts';
export * from './config/index.ts';
export type * from './ports.ts';
export type { VerifiedIdToken } from './token/verified-token.ts';
