import { testChromiumPath } from './chromium'

/** Finds (or, on Debian as root, installs) the tests' Chromium once, before any browser test runs. */
export default function setup() {
  testChromiumPath({ install: true })
}
