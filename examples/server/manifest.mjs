/** The site's manifest: the same one its pages give the script tag (docs/reference.md §3, §10). */
export const manifest = {
  version: 1,
  policyUrl: '/privacy',
  controller: 'Example Ltd',
  purposes: [
    { id: 'necessary', required: true, title: 'Strictly necessary', description: 'Keeps the site working.' },
    { id: 'analytics', title: 'Analytics', description: 'Tells us which pages help.' },
    { id: 'marketing', title: 'Marketing', description: 'Ads on other sites.', gpc: true },
  ],
  regions: { EU: { mode: 'opt-in' }, 'US-CA': { mode: 'opt-out' }, default: { mode: 'opt-in' } },
}

/** The page, with the analytics tag only for a visitor who allowed it (or whose region opts out). */
export const page = (consent, region) => `<!doctype html>
<html lang="en">
<head>
  <link rel="preload" href="/consent.json" as="fetch" crossorigin>
  <script src="/consentry.js" data-manifest="/consent.json"${region ? ` data-region="${region}"` : ''}></script>
  ${consent.purposes.analytics ? '<script async src="https://analytics.example/tag.js"></script>' : ''}
</head>
<body><a href="#" data-consent-open>Cookie settings</a></body>
</html>`

/** A region code from the CDN's country header, or none (docs/reference.md §10). */
export const regionOf = (header) => (header && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(header) ? header : undefined)
