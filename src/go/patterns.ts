// GOPRIVATE-style patterns (golang.org/x/mod/module.MatchPrefixPatterns): comma-separated
// globs, each matched with path.Match against as many leading elements of the path as
// the glob has.

/** path.Match: `*` any run of non-'/' characters, `?` one, `[...]` a class. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^'
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1)
      if (end < 0) return false
      let cls = pattern.slice(i + 1, end)
      if (cls.startsWith('^')) cls = '^' + cls.slice(1)
      re += `[${cls.replace(/\\/g, '\\\\')}]`
      i = end
    } else if (c === '\\' && i + 1 < pattern.length) re += '\\' + pattern[++i]
    else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  try {
    return new RegExp(re + '$').test(name)
  } catch {
    return false
  }
}

export function matchesPatterns(patterns: string, path: string): boolean {
  for (const raw of patterns.split(',')) {
    const glob = raw.trim().replace(/\/+$/, '')
    if (glob === '') continue
    const n = glob.split('/').length
    const prefix = path.split('/').slice(0, n).join('/')
    if (path.split('/').length >= n && pathMatch(glob, prefix)) return true
  }
  return false
}
