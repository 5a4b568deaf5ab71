/**
 * Cookie and storage names as a manifest writes them: an exact name, or a `/regular expression/`
 * (docs/reference.md §3).
 */

/** @internal */
export const isRegexSource = (name: string): boolean => name.length > 2 && name[0] === '/' && name.lastIndexOf('/') > 0

/** Turns `"/^_ga_/"` into a RegExp and anything else into `null`. @internal */
export const toRegExp = (name: string): RegExp | null => {
  if (!isRegexSource(name)) return null
  const end = name.lastIndexOf('/')
  try {
    return new RegExp(name.slice(1, end), name.slice(end + 1))
  } catch {
    return null
  }
}

/** A test for names a manifest entry covers. @internal */
export const matcher = (name: string): ((candidate: string) => boolean) => {
  const pattern = toRegExp(name)
  return pattern ? (candidate) => pattern.test(candidate) : (candidate) => candidate === name
}
