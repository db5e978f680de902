import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** The system Chromium the e2e suite drives (CI installs it; `apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Why the e2e suite is skipped, or null when it runs. Only an explicit `PARLEY_E2E=0` skips:
 * a missing Chromium without it is a failure (see {@link launchChromium}), so CI cannot go green
 * without running the browser tests.
 */
export function e2eSkipReason(env: Record<string, string | undefined> = process.env): string | null {
  return env.PARLEY_E2E === '0' ? 'PARLEY_E2E=0: browser e2e tests skipped on request' : null;
}

/**
 * Launches headless Chromium with the flags of a quiet, sandbox-less CI container.
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * ```
 */
export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium is missing at ${executablePath}: install it (apt-get install -y chromium), ` +
        'or set PARLEY_E2E=0 to skip the browser e2e tests on this machine',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
