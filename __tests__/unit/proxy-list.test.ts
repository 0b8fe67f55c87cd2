import { matchesPatterns, pathMatch } from '../../src/go/patterns.js'
import { fallThrough, parseProxyList, pathsExposed } from '../../src/go/proxy-list.js'

describe('GOPRIVATE patterns', () => {
  test.each([
    ['github.com/my-org/*', 'github.com/my-org/repo', true],
    ['github.com/my-org/*', 'github.com/my-org/repo/v2/pkg', true],
    ['github.com/my-org', 'github.com/my-org/repo', true],
    ['github.com/my-org/*', 'github.com/other/repo', false],
    ['*.corp.example', 'git.corp.example/team/x', true],
    ['*.corp.example', 'corp.example/x', false],
    ['corp.example,github.com/a/*', 'github.com/a/b', true],
    ['github.com/a/b', 'github.com/a/bc', false]
  ])('%s matches %s: %s', (patterns, path, expected) => {
    expect(matchesPatterns(patterns, path)).toBe(expected)
  })
  test('path.Match classes', () => {
    expect(pathMatch('v[0-9]', 'v7')).toBe(true)
    expect(pathMatch('a?c', 'a/c')).toBe(false)
  })
})

describe('GOPROXY lists', () => {
  test('parse keeps separators', () => {
    expect(parseProxyList('https://a.example,https://b.example|direct')).toEqual([
      { url: 'https://a.example', separator: ',' },
      { url: 'https://b.example', separator: '|' },
      { url: 'direct', separator: undefined }
    ])
  })
  test('fall-through turns every , into |', () => {
    expect(fallThrough('https://corp.example,https://proxy.golang.org,direct')).toBe('https://corp.example|https://proxy.golang.org|direct')
  })
})

describe('privacy', () => {
  const base = {
    goproxy: 'https://goproxy.corp.example,https://proxy.golang.org,direct',
    goprivate: '',
    gonoproxy: '',
    gonosumdb: '',
    mainModules: ['corp.example/team/app'],
    requires: ['corp.example/team/lib', 'github.com/google/uuid', 'golang.org/x/sync']
  }
  test('private paths a 404 would send to the public proxy are found', () => {
    expect(pathsExposed(base)).toEqual({
      paths: ['corp.example/team/lib'],
      privateProxy: 'https://goproxy.corp.example',
      publicProxy: 'https://proxy.golang.org'
    })
  })
  test('GOPRIVATE or GONOPROXY covering them, or no public proxy after the private one, is fine', () => {
    expect(pathsExposed({ ...base, goprivate: 'corp.example/*' }).paths).toEqual([])
    expect(pathsExposed({ ...base, gonoproxy: 'corp.example' }).paths).toEqual([])
    expect(pathsExposed({ ...base, goproxy: 'https://goproxy.corp.example,direct' }).paths).toEqual([])
    expect(pathsExposed({ ...base, goproxy: 'https://proxy.golang.org,direct' }).paths).toEqual([])
  })
  test('paths known private through GONOSUMDB count too, on github.com owners as well', () => {
    expect(
      pathsExposed({ ...base, mainModules: ['github.com/acme/app'], requires: ['github.com/acme/lib', 'github.com/other/x'], gonosumdb: 'github.com/other' }).paths
    ).toEqual(['github.com/acme/lib', 'github.com/other/x'])
  })
})
