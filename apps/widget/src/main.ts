/**
 * `/widget.js`: the embeddable chat window (docs/widget.md). Two ways in:
 *
 * - the LivePerson-compatible tag: `<script src="https://PARLEY/widget.js" data-account="acme"
 *   data-auth-method="lpGetAuthenticationToken" data-auth-context="window" async>` (optional
 *   `data-connector`, `data-auth-flow="pkce"`, `data-auth-mode="popup"`, `data-start="anonymous"`);
 * - `Parley.init({ account, platformUrl, auth: { mode, getToken } })` from the page's own script.
 *
 * `window.Parley` also has `identify`, `open`, `close`, `signIn` and `logout`.
 */
import type { Credential, TokenContext } from '@parley/sdk';
import { initProvider, pageMethodProvider } from './brand-method.ts';
import { createWidget, type Widget, type WidgetOptions } from './widget.ts';

/** `Parley.init` options: `getToken` may answer `{ idToken }` or `{ code, redirectUri }`. */
export interface InitOptions extends Omit<WidgetOptions, 'platformUrl' | 'auth'> {
  platformUrl?: string;
  auth?: Omit<NonNullable<WidgetOptions['auth']>, 'getToken'> & {
    getToken?: (ctx: TokenContext) => Promise<unknown>;
  };
}

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const scriptOrigin = script?.src ? new URL(script.src).origin : location.origin;
let widget: Widget | null = null;
let pendingIdentity: { iss: string; sub: string } | null = null;

function init(options: InitOptions): Widget {
  if (widget) throw new TypeError('Parley.init: the widget is already running on this page');
  if (typeof options?.account !== 'string' || !options.account)
    throw new TypeError('Parley.init: account is required');
  const { auth: given, ...rest } = options;
  const auth: WidgetOptions['auth'] = given && {
    mode: given.mode,
    ...(given.pkce !== undefined ? { pkce: given.pkce } : {}),
    ...(given.startWith ? { startWith: given.startWith } : {}),
    ...(given.getToken ? { getToken: initProvider(given.getToken) } : {}),
  };
  widget = createWidget({
    ...rest,
    platformUrl: (options.platformUrl ?? scriptOrigin).replace(/\/+$/, ''),
    ...(auth ? { auth } : {}),
  });
  if (pendingIdentity) void widget.identify(pendingIdentity);
  return widget;
}

/** The tag's data attributes as widget options, or null when the tag has no `data-account`. */
function fromTag(tag: HTMLScriptElement): WidgetOptions | null {
  const { account, authMethod, authContext, connector, authFlow, authMode, start, title } = tag.dataset;
  if (!account) return null;
  const page = window as unknown as Record<string, unknown>;
  const context = (authContext && authContext !== 'window' ? page[authContext] : page) as
    Record<string, unknown> | undefined;
  const popup = authMode === 'popup';
  return {
    account,
    platformUrl: scriptOrigin,
    ...(connector ? { connector } : {}),
    ...(title ? { title } : {}),
    ...(authMethod || popup
      ? {
          auth: {
            mode: popup ? 'popup' : 'embedded',
            pkce: authFlow === 'pkce',
            startWith: start === 'anonymous' || popup ? 'anonymous' : 'signed-in',
            ...(authMethod && context ? { getToken: pageMethodProvider(context, authMethod) } : {}),
          },
        }
      : {}),
  };
}

const api = {
  init,
  identify(identity: { iss: string; sub: string }) {
    if (typeof identity?.iss !== 'string' || typeof identity.sub !== 'string')
      throw new TypeError('Parley.identify: { iss, sub } strings are required');
    pendingIdentity = { iss: identity.iss, sub: identity.sub };
    return widget?.identify(pendingIdentity) ?? Promise.resolve();
  },
  open: () => widget?.open(),
  close: () => widget?.close(),
  signIn: (credential?: Credential) => widget?.signIn(credential) ?? Promise.resolve(),
  logout: () => widget?.logout() ?? Promise.resolve(),
  get widget() {
    return widget;
  },
};

(window as unknown as { Parley: typeof api }).Parley = api;

const tagOptions = script ? fromTag(script) : null;
if (tagOptions) {
  // an async tag may run before <body> exists
  const mount = () => void init(tagOptions);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
}
document.dispatchEvent(new CustomEvent('parley:ready'));
