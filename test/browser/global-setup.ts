import { chromiumPath } from './chromium'

/** Finds (or, on Debian as root, installs) Chromium once, before any browser test runs. */
export default function setup() {
  chromiumPath()
}
