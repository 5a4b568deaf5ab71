/**
 * The page every tool is measured on, and the tools: each gets the same article, three optional
 * purposes (analytics, livechat, marketing) and three gated scripts written in its own markup.
 */
import { readFileSync } from 'node:fs'

export const PURPOSES = ['analytics', 'livechat', 'marketing']
const TITLES = { analytics: 'Analytics', livechat: 'Live chat', marketing: 'Marketing' }
const DESCRIPTIONS = { analytics: 'Counts visits.', livechat: 'Talk to us.', marketing: 'Ads.' }

export const root = new URL('../..', import.meta.url).pathname
export const modules = root + 'node_modules/'
const versionOf = (pkg) => JSON.parse(readFileSync(`${modules}${pkg}/package.json`, 'utf8')).version
const own = JSON.parse(readFileSync(root + 'package.json', 'utf8'))

const ARTICLE = `<header><h1>Field notes</h1><p>An ordinary article page, the same for every tool.</p></header>
<main>${Array.from(
  { length: 12 },
  (_, i) =>
    `<h2>Section ${i + 1}</h2><p>Consent managers sit on every page of a site, so what they cost is paid on every
    visit. This paragraph is only here to give the page a body of text that a banner could push around, and a
    layout that a late stylesheet could shift. Section ${i + 1} says nothing else.</p>`,
).join('\n')}</main>`

export const page = ({ head = '', gated = '', end = '' }) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bench</title>
${head}
</head><body>
${ARTICLE}
${gated}
${end}
</body></html>`

/** A gated script: says it ran, and when (milliseconds since navigation start). */
export const fake = (name) => `(window.ran = window.ran || []).push(${JSON.stringify(name)}); window.ranAt = performance.now()`
const gatedScripts = (tag) => PURPOSES.map(tag).join('\n')

/** A JSON value for an inline script: `<` escaped so that no text can close the tag. */
const inlineJson = (value) => JSON.stringify(value).replaceAll('<', '\\u003c')

export const consentryManifest = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  defaultLocale: 'en',
  purposes: PURPOSES.map((id) => ({ id, title: TITLES[id], description: DESCRIPTIONS[id] })),
}
/** The manifest inline in the page, as the README writes it. */
const manifestScript = (manifest) =>
  `<script type="application/json" id="consentry-manifest">${inlineJson(manifest)}</script>`
/** consentry's tag with the manifest inline, loading the build served under `/<build>/`. */
export const consentryHead = (build = 'dist', manifest = consentryManifest) =>
  `<script src="/${build}/consentry.js"></script>\n${manifestScript(manifest)}`
export const consentryGated = gatedScripts(
  (id) => `<script type="text/plain" data-consent="${id}" src="/fake/${id}.js"></script>`,
)

/**
 * consentry, from a build served under `/<prefix>/` with its manifest at
 * `/page/<prefix>/consent.json`: as the README's quick start writes it (`data-manifest`, a fetched
 * manifest, preloaded) or with the manifest inline.
 * @param {{ prefix: string, key: string, name: string, manifest: object }} build
 * @param {boolean} fetched
 */
const consentryTool = ({ prefix, key, name, manifest }, fetched) => ({
  id: `consentry${fetched ? '-fetched' : ''}${key}`,
  label: `${name}, ${fetched ? 'fetched manifest, preloaded (README quick start)' : 'inline manifest'}${manifest.stamp ? ', stamped' : ''}`,
  kind: 'consentry',
  owns: (path) => path.startsWith(`/${prefix}/`) || (fetched && path === `/page/${prefix}/consent.json`),
  inline: fetched ? '' : manifestScript(manifest),
  html: page({
    // The quick start preloads the manifest beside the tag (docs/reference.md §1).
    head: fetched
      ? `<link rel="preload" href="/page/${prefix}/consent.json" as="fetch" crossorigin>\n<script src="/${prefix}/consentry.js" data-manifest="/page/${prefix}/consent.json"></script>`
      : consentryHead(prefix, manifest),
    gated: consentryGated,
  }),
  // The UI lives in a shadow root (ui/host.ts); the banner is its region (ui/banner.tsx).
  banner: () => document.querySelector('consentry-ui')?.shadowRoot?.querySelector('[role="region"]'),
  accept: (p) => p.getByRole('button', { name: 'Accept all' }),
})

const cookieconsentConfig = `<script>CookieConsent.run({
  hideFromBots: false,
  categories: { analytics: {}, livechat: {}, marketing: {} },
  language: { default: 'en', translations: { en: {
    consentModal: {
      title: 'Example Ltd uses cookies',
      description: 'For analytics, live chat and marketing. <a href="/privacy">Privacy policy</a>',
      acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all', showPreferencesBtn: 'Customize'
    },
    preferencesModal: {
      title: 'Cookie preferences', acceptAllBtn: 'Accept all', acceptNecessaryBtn: 'Reject all',
      savePreferencesBtn: 'Save choices', closeIconLabel: 'Close',
      sections: ${JSON.stringify(PURPOSES.map((id) => ({ title: TITLES[id], description: DESCRIPTIONS[id], linkedCategory: id })))}
    }
  } } }
})</script>`

const orejimeConfig = `<script>window.orejimeConfig = {
  privacyPolicyUrl: '/privacy',
  purposes: ${JSON.stringify(PURPOSES.map((id) => ({ id, title: TITLES[id], description: DESCRIPTIONS[id], cookies: [] })))}
}</script>`

const klaroConfig = `<script>var klaroConfig = {
  version: 1,
  acceptAll: true,
  services: ${JSON.stringify(PURPOSES.map((id) => ({ name: id, title: TITLES[id], purposes: [id] })))},
  translations: { zz: { privacyPolicyUrl: '/privacy' }, en: { purposes: ${JSON.stringify(TITLES)} } }
}</script>`

/** The hand-written minimum: a fixed banner, one cookie, the three scripts loaded on "accept". */
const inlineBanner = `<div id="cb" hidden style="position:fixed;inset:auto 0 0 0;padding:1em;background:#fff;border-top:1px solid #888">
Example Ltd uses cookies for analytics, live chat and marketing. <a href="/privacy">Privacy policy</a>
<button id="cb-yes">Accept all</button> <button id="cb-no">Reject all</button></div>
<script>(function(){var d=document,b=d.getElementById('cb'),c=/(?:^|; )cb=(\\d)/.exec(d.cookie);
function load(){['analytics','livechat','marketing'].forEach(function(n){var s=d.createElement('script');s.src='/fake/'+n+'.js';d.body.appendChild(s)})}
function decide(v){d.cookie='cb='+v+';path=/;max-age=15552000;samesite=lax';b.hidden=true;if(v)load()}
if(!c)b.hidden=false;else if(c[1]==='1')load();
d.getElementById('cb-yes').onclick=function(){decide(1)};d.getElementById('cb-no').onclick=function(){decide(0)}})()</script>`

/** The other consent managers, and the hand-written banner. */
const others = [
  {
    id: 'cookieconsent',
    label: `vanilla-cookieconsent ${versionOf('vanilla-cookieconsent')}`,
    kind: 'peer',
    owns: (path) => path.startsWith('/cc/'),
    inline: cookieconsentConfig,
    // Its scripts are collected once, at run(): the tool comes after the tags it manages.
    html: page({
      head: '<link rel="stylesheet" href="/cc/cookieconsent.css">',
      gated: gatedScripts((id) => `<script type="text/plain" data-category="${id}" data-src="/fake/${id}.js"></script>`),
      end: `<script src="/cc/cookieconsent.umd.js"></script>\n${cookieconsentConfig}`,
    }),
    banner: () => document.querySelector('#cc-main .cm'),
    accept: (p) => p.locator('#cc-main .cm [data-role="all"]'),
  },
  {
    id: 'orejime',
    label: `orejime ${versionOf('orejime')}`,
    kind: 'peer',
    owns: (path) => path.startsWith('/orejime/'),
    inline: orejimeConfig,
    // Orejime 3 gates with <template data-purpose> only (its ADR 003): no text/plain scripts.
    html: page({
      head: `<link rel="stylesheet" href="/orejime/orejime-standard.css">\n${orejimeConfig}\n<script src="/orejime/orejime-standard-en.js"></script>`,
      gated: gatedScripts((id) => `<template data-purpose="${id}"><script src="/fake/${id}.js"></script></template>`),
    }),
    banner: () => document.querySelector('.orejime-Banner'),
    accept: (p) => p.locator('.orejime-Banner-saveButton'),
  },
  {
    id: 'klaro',
    label: `klaro ${versionOf('klaro')}`,
    kind: 'peer',
    owns: (path) => path.startsWith('/klaro/'),
    inline: klaroConfig,
    // Klaro gates services, not purposes: one service per purpose, named after it.
    html: page({
      head: `${klaroConfig}\n<script defer src="/klaro/klaro.js"></script>`,
      gated: gatedScripts(
        (id) => `<script type="text/plain" data-type="text/javascript" data-name="${id}" data-src="/fake/${id}.js"></script>`,
      ),
    }),
    banner: () => document.querySelector('.klaro .cookie-notice'),
    accept: (p) => p.locator('.klaro .cookie-notice .cm-btn-success'),
  },
  {
    id: 'none',
    label: 'no consent manager (inline banner)',
    kind: 'none',
    owns: () => false,
    inline: inlineBanner,
    html: page({ end: inlineBanner }),
    banner: () => document.getElementById('cb'),
    accept: (p) => p.locator('#cb-yes'),
  },
]

/**
 * Every tool measured: each build of consentry (this one first, then the baselines), fetched and
 * inline manifest, then the other tools.
 * @param {{ prefix: string, key: string, name: string, manifest: object }[]} builds
 */
export const toolsFor = (builds) => [
  ...builds.flatMap((build) => [consentryTool(build, true), consentryTool(build, false)]),
  ...others,
]

/** This build's name in the tables. */
export const ownName = `consentry ${own.version}`

/** Files of the other tools, served under their path: [path, file in node_modules]. */
export const peerFiles = [
  ['/cc/cookieconsent.umd.js', 'vanilla-cookieconsent/dist/cookieconsent.umd.js'],
  ['/cc/cookieconsent.css', 'vanilla-cookieconsent/dist/cookieconsent.css'],
  ['/orejime/orejime-standard-en.js', 'orejime/dist/orejime-standard-en.js'],
  ['/orejime/orejime-standard.css', 'orejime/dist/orejime-standard.css'],
  // Klaro's default build: script, styles and translations in one file.
  ['/klaro/klaro.js', 'klaro/dist/klaro.js'],
]
