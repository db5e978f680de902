import { existsSync } from 'node:fs';
import sparticuzChromium from '@sparticuz/chromium';
import { chromium, type Browser } from 'playwright-core';

/**
 * Flags of `@sparticuz/chromium` that would make the e2e suite lie: they switch off the
 * same-origin policy, site isolation and mixed-content blocking, which are exactly what the
 * origin, CORS and postMessage tests rely on; `--single-process` breaks several contexts.
 */
const UNSAFE_FLAGS = [
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
  '--disable-features=AudioServiceOutOfProcess,IsolateOrigins,site-per-process',
];

/** Keeps a closed network quiet: without these Chromium dials Google's hosts at start. */
const QUIET_FLAGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Why the e2e suite is skipped, or null when it runs. Only an explicit `PARLEY_E2E=0` skips:
 * a missing Chromium without it is a failure (see {@link launchChromium}), so CI cannot go green
 * without running the browser tests.
 */
export function e2eSkipReason(env: Record<string, string | undefined> = process.env): string | null {
  return env.PARLEY_E2E === '0' ? 'PARLEY_E2E=0: browser e2e tests skipped on request' : null;
}

/** The launch flags: the package's container flags without {@link UNSAFE_FLAGS}, plus quiet ones. */
export function chromiumArgs(packageArgs: readonly string[] = sparticuzChromium.args): string[] {
  const kept = packageArgs.filter((flag) => !UNSAFE_FLAGS.includes(flag));
  return [...kept, ...QUIET_FLAGS];
}

/**
 * The Chromium binary the e2e suite drives: the one shipped inside the `@sparticuz/chromium`
 * devDependency (unpacked to the temp directory on first use), so `npm ci` is all a fresh
 * machine needs. `PARLEY_CHROMIUM` points at another binary.
 */
export async function chromiumExecutable(env = process.env): Promise<string> {
  return env.PARLEY_CHROMIUM ?? (await sparticuzChromium.executablePath());
}

/** Launches headless Chromium with the flags of a quiet, sandbox-less CI container. */
export async function launchChromium(executablePath?: string): Promise<Browser> {
  const path = executablePath ?? (await chromiumExecutable());
  if (!existsSync(path)) {
    throw new Error(
      `Chromium is missing at ${path}: run npm ci (it brings @sparticuz/chromium), ` +
        'or set PARLEY_E2E=0 to skip the browser e2e tests on this machine',
    );
  }
  return chromium.launch({ executablePath: path, args: chromiumArgs() });
}
