import type { Ui } from './ui'
import { classes } from './classes'

export interface BannerProps {
  ui: Ui
  /** Under the open preferences dialog. */
  inert: boolean
  bannerRef(element: HTMLElement | null): void
}

/**
 * The first layer (docs/reference.md §6): who asks, what for, the policy, and three buttons of one class, so
 * that rejecting is exactly as easy and as visible as accepting (EDPB 03/2022, CNIL 2021 fines).
 * A region, not a modal: it never blocks the page nor takes focus (docs/sources.md, Accessibility).
 */
export const Banner = ({ ui, inert, bannerRef }: BannerProps) => {
  const { manifest, internals, t, text } = ui
  const { layout, position } = manifest.ui
  const edge = layout === 'bar' ? (position === 'top' ? 'top' : 'bottom') : position
  return (
    <section
      ref={bannerRef}
      role="region"
      aria-labelledby="banner-title"
      class={`${classes.banner} ${layout} ${edge}`}
      inert={inert}
    >
      <div class={classes.bannerInner}>
        <h2 id="banner-title">{t('banner.title')}</h2>
        {/* On a phone the text, purposes and link run on as one paragraph: the spaces between them count. */}
        <p>{t('banner.text', { controller: text(manifest.controller) })}</p>{' '}
        <ul class={classes.chips}>
          {manifest.purposes.map((purpose) => (
            <li key={purpose.id}>{text(purpose.title)}</li>
          ))}
        </ul>{' '}
        <p>
          <span class={classes.narrowHidden}>{t('banner.note')} </span>
          <a href={manifest.policyUrl}>{t('banner.policy')}</a>
        </p>
        <div class={classes.actions}>
          <button type="button" class={classes.button} onClick={() => internals.acceptAll('banner')}>
            {t('banner.acceptAll')}
          </button>
          <button type="button" class={classes.button} onClick={() => internals.rejectAll('banner')}>
            {t('banner.rejectAll')}
          </button>
          <button type="button" class={classes.button} onClick={() => internals.consent.showPreferences()}>
            {t('banner.customize')}
          </button>
        </div>
      </div>
    </section>
  )
}
