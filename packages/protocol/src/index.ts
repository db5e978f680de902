export * from './errors.ts';
export * from './http.ts';
