/**
 * Every class and private custom property the UI's CSS (ui/styles.ts) and its components share,
 * named for what it styles. Components take class names from here; ui/styles.ts writes the same
 * names in its CSS. The script-tag build gives each a short name, here and in ui/styles.ts alike
 * (scripts/short-names.mjs), so readable names cost the UI chunk no bytes; the ESM build keeps them.
 *
 * Not listed here, so never renamed: element names and attributes, the `--consentry-*` theming
 * properties (docs/reference.md §6), and the classes that are manifest values: the layout (`bar`,
 * `box`), the position (`top`, `bottom`, `bottom-left`, `bottom-right`, `center`) and the colour
 * scheme (`dark`, `auto`).
 */
export const classes = {
  /** Every UI root: the banner with its dialogs, each placeholder. */
  root: 'root',
  banner: 'banner',
  bannerInner: 'banner-inner',
  /** The banner's list of purpose titles. */
  chips: 'purpose-chips',
  /** Text a narrow screen leaves out of the banner. */
  narrowHidden: 'narrow-hidden',
  /** A row of buttons: the banner's and every dialog's footer. */
  actions: 'actions',
  button: 'button',
  backdrop: 'backdrop',
  dialog: 'dialog',
  smallDialog: 'small-dialog',
  dialogBody: 'dialog-body',
  /** A title and what stands at its end, on one line. */
  row: 'row',
  close: 'close',
  purpose: 'purpose',
  muted: 'muted',
  vendorList: 'vendor-list',
  vendor: 'vendor',
  switch: 'switch',
  chatLauncher: 'chat-launcher',
  placeholder: 'placeholder',
} as const

/** Custom properties inside the UI: the theme's colours with their defaults, and the banner's height. */
export const properties = {
  background: '--background',
  text: '--text',
  muted: '--muted',
  border: '--border',
  accent: '--accent',
  accentText: '--accent-text',
  radius: '--radius',
  /** Set by ui/scroll-padding.ts while a banner is shown. */
  bannerHeight: '--banner-height',
} as const
