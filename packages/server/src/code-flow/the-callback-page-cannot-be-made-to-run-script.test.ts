import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCallbackPage } from './callback-page.ts';

// Claim values (the display name) and the opener origin reach this page; a hostile value must
// stay data: it can neither end the inline script nor add markup.
const HOSTILE = `</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">\u2028'"&`;

describe('the popup callback page', () => {
  const app = Fastify();
  beforeAll(async () => {
    app.get('/page', (_req, reply) =>
      sendCallbackPage(reply, 200, {
        origin: 'https://www.acme.example',
        message: { type: 'parley:auth', consumer: { displayName: HOSTILE } },
        title: HOSTILE,
      }),
    );
    await app.ready();
  });
  afterAll(() => app.close());

  it('escapes every value it carries, in the script and in the markup', async () => {
    const res = await app.inject({ method: 'GET', url: '/page' });
    const html = res.body;
    // exactly one script element: the page's own, with its nonce
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toContain('</script><script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('\\u003c/script\\u003e');
    expect(html).toContain('&#60;img src=x onerror=&#34;');
    const nonce = /script-src 'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
  });

  it('round-trips the hostile value as data: JSON parsing the script literal gives it back', async () => {
    const res = await app.inject({ method: 'GET', url: '/page' });
    const literal = /var m=(\{.*?\});try/.exec(res.body)?.[1] ?? '';
    expect(JSON.parse(literal)).toEqual({ type: 'parley:auth', consumer: { displayName: HOSTILE } });
  });
});
