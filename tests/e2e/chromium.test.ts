import { describe, expect, it } from 'vitest';
import { chromiumArgs, e2eSkipReason, launchChromium } from './chromium.ts';

describe('the e2e browser setup', () => {
  it('fails loudly, naming the fix, when Chromium is missing', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      /Chromium is missing at \/nonexistent\/chromium: run npm ci .*PARLEY_E2E=0/,
    );
  });

  it('skips only when PARLEY_E2E=0 is set explicitly', () => {
    expect(e2eSkipReason({})).toBeNull();
    expect(e2eSkipReason({ PARLEY_E2E: '1' })).toBeNull();
    expect(e2eSkipReason({ PARLEY_E2E: '0' })).toMatch(/PARLEY_E2E=0/);
  });

  it('never launches with the same-origin policy switched off', () => {
    const args = chromiumArgs(['--no-sandbox', '--disable-web-security', '--single-process']);
    expect(args).toContain('--no-sandbox');
    expect(args).not.toContain('--disable-web-security');
    expect(args).not.toContain('--single-process');
    expect(args).toContain('--disable-background-networking');
  });

  it('launches the Chromium that npm ci brought and enforces the same-origin policy', async (ctx) => {
    const skip = e2eSkipReason();
    if (skip) return ctx.skip(skip);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.setContent('<p>ok</p>');
      expect(await page.textContent('p')).toBe('ok');
      // A cross-origin frame's document is unreachable unless web security is off.
      const readable = await page.evaluate(async () => {
        const frame = document.createElement('iframe');
        frame.src = 'data:text/html,<p>other</p>';
        document.body.append(frame);
        await new Promise((resolve) => frame.addEventListener('load', resolve));
        try {
          return frame.contentDocument?.body?.textContent ?? null;
        } catch {
          return null;
        }
      });
      expect(readable).toBeNull();
    } finally {
      await browser.close();
    }
  });
});
