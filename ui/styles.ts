/**
 * The UI's only CSS, adopted into each shadow root (no inline styles: strict CSP, docs/reference.md §1).
 * Site owners theme it with `--consentry-*` custom properties, which cross the shadow boundary.
 * Colours are chosen for WCAG AA: text ≥ 4.5:1, switch states and the focus ring ≥ 3:1.
 * Class names and private custom properties are the ones ui/classes.ts lists: the script-tag build
 * shortens them here and there alike (scripts/short-names.mjs).
 */
const DARK =
  '--background:var(--consentry-background,#1c2128);--text:var(--consentry-text,#e6edf3);--muted:#9ea7b3;--border:#6e7681;--accent:var(--consentry-accent,#8ab4f8);--accent-text:var(--consentry-accent-text,#0d1117)'

export const CSS = `:host{all:initial}
*{box-sizing:border-box}
.root{--background:var(--consentry-background,#fff);--text:var(--consentry-text,#1f2328);--muted:#57606a;--border:#8c959f;--accent:var(--consentry-accent,#1a56db);--accent-text:var(--consentry-accent-text,#fff);--radius:var(--consentry-radius,8px);font:medium/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--text)}
.dark{${DARK}}
@media (prefers-color-scheme:dark){.auto{${DARK}}}
h2,h3,p,ul{margin:0 0 8px}
h2{font-size:1.25em}
h3{font-size:1em;margin:0}
a{color:inherit}
ul{padding-inline-start:1.2em}
.banner,.dialog,.placeholder{background:var(--background);color:var(--text)}
.banner{position:fixed;z-index:2147483000;padding:16px;max-height:100%;overflow:auto;box-shadow:0 0 12px rgb(0 0 0/.3)}
.banner-inner{max-width:64em;margin:auto}
.bar,.box.top,.box.bottom,.center{left:0;right:0}
.bottom,.bottom-left,.bottom-right,.center{bottom:0}
.top,.center{top:0}
.bottom-left{left:0}
.bottom-right{right:0}
.box{width:min(26em,calc(100% - 32px));margin:16px;border-radius:var(--radius)}
.box.top,.box.bottom,.center{margin:16px auto}
.center{height:fit-content}
.purpose-chips{display:flex;flex-wrap:wrap;gap:4px 8px;padding:0;list-style:none}
.purpose-chips li{border:1px solid var(--border);border-radius:99px;padding:0 8px}
.actions{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,7em),1fr));grid-auto-rows:1fr;gap:8px;margin-top:16px}
.button{font:inherit;font-weight:600;min-height:44px;padding:8px 16px;border:2px solid var(--accent);border-radius:var(--radius);background:var(--accent);color:var(--accent-text);cursor:pointer}
:focus-visible{outline:3px solid var(--text);outline-offset:2px}
.backdrop{position:fixed;inset:0;z-index:2147483001;display:flex;align-items:center;justify-content:center;padding:8px;background:rgb(0 0 0/.5)}
.dialog{width:100%;max-width:40em;max-height:100%;display:flex;flex-direction:column;padding:16px 0;border-radius:var(--radius);box-shadow:0 4px 24px rgb(0 0 0/.4)}
.dialog>*{padding:0 16px}
.dialog-body{overflow:auto}
.dialog>.actions{margin:0;padding-top:12px;border-top:1px solid var(--border)}
.small-dialog{max-width:26em}
.row{display:flex;align-items:center;justify-content:space-between;gap:8px}
.close{flex:none;min-width:44px;min-height:44px;font:inherit;font-size:1.5em;line-height:1;color:inherit;background:none;border:0;border-radius:var(--radius);cursor:pointer}
.purpose{border-top:1px solid var(--border);padding:12px 0}
.muted{color:var(--muted);font-size:.9em}
summary{cursor:pointer;padding:4px 0}
.vendor-list{list-style:none;padding:0}
.vendor{border-inline-start:3px solid var(--border);padding-inline-start:8px;margin:8px 0}
.switch{flex:none;position:relative;width:48px;height:28px;padding:0;border:2px solid var(--muted);border-radius:14px;background:var(--background);cursor:pointer}
.switch::before{content:"";position:absolute;top:3px;left:3px;width:18px;height:18px;border-radius:50%;background:var(--muted);transition:transform .15s}
.switch[aria-checked=true]{background:var(--accent);border-color:var(--accent)}
.switch[aria-checked=true]::before{background:var(--accent-text);transform:translateX(20px)}
.switch:disabled{opacity:.6;cursor:not-allowed}
[dir=rtl] .switch{transform:scaleX(-1)}
.chat-launcher{position:fixed;z-index:2147483000;right:16px;bottom:calc(16px + var(--banner-height,0px));border-radius:22px;box-shadow:0 2px 8px rgb(0 0 0/.3)}
.top~.chat-launcher{bottom:16px}
@media (max-width:36em),(max-height:30em){.banner{padding:10px 16px;font-size:.875em;line-height:1.35}
.banner h2{font-size:1em;margin-bottom:4px}
.banner p,.purpose-chips,.purpose-chips li{display:inline}
.purpose-chips li{border:0;padding:0;unicode-bidi:isolate}
.purpose-chips li+li:before{content:", "}
.narrow-hidden{display:none}
.actions{grid-template-columns:repeat(auto-fit,minmax(min(100%,8em),1fr));margin-top:10px}
.button{padding:6px 4px;line-height:1.25}
.dialog>.actions{font-size:.875em}
.banner~.chat-launcher{display:none}}
.placeholder{display:block;padding:16px;margin:8px 0;border:1px solid var(--border);border-radius:var(--radius)}
@media (prefers-reduced-motion:reduce){*{transition:none!important}}`
