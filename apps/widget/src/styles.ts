/**
 * The widget's whole stylesheet, adopted by its shadow root. Constructable stylesheets are not
 * subject to the page's `style-src`, so a brand with a strict CSP needs no `'unsafe-inline'`;
 * browsers without them get a `<style>` element (which such a CSP blocks: docs/widget.md).
 * Colours meet WCAG AA (4.5:1 for text) on their backgrounds.
 */
const CSS = `
:host{all:initial!important;display:block!important;position:fixed!important;right:16px!important;bottom:16px!important;z-index:2147483000!important;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24}
*{box-sizing:border-box}
[hidden]{display:none!important}
button{font:inherit;cursor:pointer;border-radius:8px;border:1px solid transparent;padding:8px 12px;min-height:40px}
button:disabled{opacity:.6;cursor:default}
button:focus-visible,textarea:focus-visible,.log:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.primary{background:#1d4ed8;color:#fff}
.primary:hover{background:#1e40af}
.link{background:#fff;color:#1d4ed8;border-color:#1d4ed8}
.launcher{position:relative;background:#1d4ed8;color:#fff;border-radius:28px;padding:12px 20px;min-height:48px;box-shadow:0 4px 14px rgba(0,0,0,.25)}
.badge{position:absolute;top:-6px;right:-6px;min-width:22px;height:22px;padding:0 6px;border-radius:11px;background:#b91c1c;color:#fff;font-size:13px;line-height:22px;text-align:center}
.panel{display:flex;flex-direction:column;width:min(380px,calc(100vw - 32px));height:min(560px,calc(100vh - 32px));background:#fff;border:1px solid #c7ccd3;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.28);overflow:hidden}
header{display:flex;align-items:center;gap:8px;padding:10px 12px;background:#1d4ed8;color:#fff}
header h2{flex:1;margin:0;font-size:16px;font-weight:600}
header button{background:transparent;color:#fff;border-color:#fff;min-height:36px;padding:4px 10px}
.who{display:flex;align-items:center;gap:8px;padding:8px 12px;background:#f1f5f9;border-bottom:1px solid #dde2e8;font-size:14px}
.verified{display:inline-flex;align-items:center;gap:4px;padding:2px 8px;border-radius:10px;background:#dcfce7;color:#14532d;font-size:13px;font-weight:600}
.notice{margin:8px 12px 0;padding:8px 10px;border-radius:8px;font-size:14px}
.notice.error{background:#fee2e2;color:#7f1d1d}
.notice.info{background:#e0e7ff;color:#1e1b4b}
.notice.warn{background:#fef3c7;color:#713f12}
.notice button{margin-top:6px;display:block}
.log{flex:1;overflow-y:auto}
ol{list-style:none;margin:0;padding:12px;display:flex;flex-direction:column;gap:6px}
li{max-width:80%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;overflow-wrap:anywhere}
li[data-from=consumer]{align-self:flex-end;background:#1d4ed8;color:#fff}
li[data-from=agent]{align-self:flex-start;background:#eef0f3;color:#1b1f24}
li[data-from=system]{align-self:center;background:transparent;color:#4b5563;font-size:13px}
li[data-state=sending]{opacity:.75}
form{display:flex;gap:8px;padding:10px 12px;border-top:1px solid #dde2e8}
textarea{flex:1;resize:none;font:inherit;padding:8px;border:1px solid #6b7280;border-radius:8px;min-height:40px;max-height:96px;color:#1b1f24}
.status{margin:0;padding:0 12px 8px;font-size:12px;color:#4b5563}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){.panel{animation:in .15s ease-out}@keyframes in{from{opacity:0;transform:translateY(8px)}}}
`;

/** Puts the stylesheet into `root`: adopted when the browser can, else a `<style>` element. */
export function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet.prototype.replaceSync === 'function') {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  (root as ShadowRoot).append(style);
}
