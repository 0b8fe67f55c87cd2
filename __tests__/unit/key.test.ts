import { computeKeys, fileDigest, runnerOs, toolchainToFetch } from '../../src/cache/key.js'
import type { Workspace } from '../../src/go/workspace.js'

const SUM = 'example.com/a v1.0.0 h1:AAA=\nexample.com/a v1.0.0/go.mod h1:BBB=\nexample.com/b v0.2.0/go.mod h1:CCC=\n'
const OTHER = 'example.com/c v1.0.0 h1:DDD=\n'

function keys(files: { path: string; content: string }[], extra: string[] = [], restorePartial = true) {
  return computeKeys({ prefix: 'go-mod-prewarm', os: 'Linux', files, extra, restorePartial })
}

describe('cache key', () => {
  test('has the form <prefix>-<os>-<sha256>', () => {
    expect(keys([{ path: 'go.sum', content: SUM }]).key).toMatch(/^go-mod-prewarm-Linux-[0-9a-f]{64}$/)
  })

  test('CRLF and LF copies of one go.sum give the same key', () => {
    expect(keys([{ path: 'go.sum', content: SUM.replace(/\n/g, '\r\n') }]).key).toBe(keys([{ path: 'go.sum', content: SUM }]).key)
  })

  test('the same files listed in another order, or checked out elsewhere, give the same key', () => {
    const a = keys([
      { path: '/w/a/go.sum', content: SUM },
      { path: '/w/b/go.sum', content: OTHER }
    ])
    const b = keys([
      { path: '/elsewhere/b/go.sum', content: OTHER },
      { path: '/elsewhere/a/go.sum', content: SUM }
    ])
    expect(a.key).toBe(b.key)
  })

  test('any change of a module version changes the key', () => {
    expect(keys([{ path: 'go.sum', content: SUM.replace('v1.0.0 h1:AAA', 'v1.0.1 h1:AAA') }]).key).not.toBe(
      keys([{ path: 'go.sum', content: SUM }]).key
    )
  })

  test('a toolchain to download is part of the key', () => {
    expect(keys([{ path: 'go.sum', content: SUM }], ['toolchain=go1.30.0-linux-amd64']).key).not.toBe(
      keys([{ path: 'go.sum', content: SUM }]).key
    )
  })

  test('restore keys are prefix and os, unless partial restores are off', () => {
    expect(keys([{ path: 'go.sum', content: SUM }]).restoreKeys).toEqual(['go-mod-prewarm-Linux-'])
    expect(keys([{ path: 'go.sum', content: SUM }], [], false).restoreKeys).toEqual([])
  })

  test('go.mod files keep their line order in the digest', () => {
    expect(fileDigest({ path: 'go.mod', content: 'a\nb\n' })).not.toBe(fileDigest({ path: 'go.mod', content: 'b\na\n' }))
    expect(fileDigest({ path: 'go.sum', content: 'a x h1:1\nb y h1:2\n' })).toBe(fileDigest({ path: 'go.sum', content: 'b y h1:2\na x h1:1\n' }))
  })

  test('runner os names match RUNNER_OS', () => {
    expect([runnerOs('linux'), runnerOs('darwin'), runnerOs('win32')]).toEqual(['Linux', 'macOS', 'Windows'])
  })
})

describe('toolchain in the key', () => {
  const ws = (go: string, toolchain?: string): Workspace => ({
    kind: 'module',
    root: '/w',
    modules: [{ dir: '/w', goModPath: '/w/go.mod', file: { go, toolchain, requires: [], replaces: [], uses: [] } }],
    sumFiles: []
  })
  test('none when the local go is new enough or GOTOOLCHAIN=local', () => {
    expect(toolchainToFetch({ GOTOOLCHAIN: 'auto', GOVERSION: 'go1.26.8' }, ws('1.22'))).toBeUndefined()
    expect(toolchainToFetch({ GOTOOLCHAIN: 'local', GOVERSION: 'go1.26.8' }, ws('1.30', 'go1.30.2'))).toBeUndefined()
  })
  test('the newest of go and toolchain lines when go would switch', () => {
    expect(toolchainToFetch({ GOTOOLCHAIN: 'auto', GOVERSION: 'go1.26.8' }, ws('1.27', 'go1.27.3'))).toBe('go1.27.3')
    expect(toolchainToFetch({ GOTOOLCHAIN: '', GOVERSION: 'go1.26.8' }, ws('1.28'))).toBe('go1.28')
  })
  test('a pinned GOTOOLCHAIN other than the local go', () => {
    expect(toolchainToFetch({ GOTOOLCHAIN: 'go1.25.1', GOVERSION: 'go1.26.8' }, ws('1.22'))).toBe('go1.25.1')
    expect(toolchainToFetch({ GOTOOLCHAIN: 'go1.26.8', GOVERSION: 'go1.26.8' }, ws('1.22'))).toBeUndefined()
    expect(toolchainToFetch({ GOTOOLCHAIN: 'go1.27.0+auto', GOVERSION: 'go1.26.8' }, ws('1.22'))).toBe('go1.27.0')
  })
})
