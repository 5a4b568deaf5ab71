// The site's one consentry instance, for its client components. On the server this module runs
// too (client components are rendered there first): the instance then reads no cookie, and the
// components render the request's decision that app/layout.jsx hands to <InitialConsent>.
import { createConsent } from 'consentry'
import manifest from './consent.json'

export const consent = createConsent(manifest)
