import { describe, expect, it } from 'vitest';
import { e2eSkipReason, launchChromium } from './chromium.ts';

describe('the e2e browser setup', () => {
  it('fails loudly, naming the fix, when Chromium is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      /Chromium is missing at \/nonexistent\/chromium: install it .*PARLEY_E2E=0/,
    );
  });

  it('skips only when PARLEY_E2E=0 is set explicitly', () => {
    expect(e2eSkipReason({})).toBeNull();
    expect(e2eSkipReason({ PARLEY_E2E: '1' })).toBeNull();
    expect(e2eSkipReason({ PARLEY_E2E: '0' })).toMatch(/PARLEY_E2E=0/);
  });
});
