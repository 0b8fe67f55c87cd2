// Which zips we extract ourselves: only those go's checkZip would accept. Anything else
// is left to go, which extracts it or says why not.
import { unzipProblem } from '../../src/proxy/unzip.js'
import { modcacheWritable } from '../../src/go/env.js'
import type { ZipEntry } from '../../src/proxy/zip.js'

const prefix = 'example.com/Mod@v1.2.3/'
const entry = (name: string | Buffer, size = 10): ZipEntry => ({
  name: Buffer.isBuffer(name) ? name : Buffer.from(name),
  method: 8,
  crc32: 0,
  compressedSize: size,
  size,
  localHeaderOffset: 0
})
const problem = (...names: string[]): string | undefined => unzipProblem(names.map(n => entry(n)), prefix)

describe('unzipProblem', () => {
  test('a module go would extract: sub-directories, dot-files, directory entries, letters of any script, spaces', () => {
    expect(
      problem(
        prefix,
        prefix + 'go.mod',
        prefix + 'sub/',
        prefix + 'sub/x.go',
        prefix + '.github/workflows/ci.yml',
        prefix + 'données/écrit.txt',
        prefix + 'Zeta File (1) [x]+{y}~!#$%&=@^_,.txt'
      )
    ).toBeUndefined()
  })

  test.each([
    ['a name outside the prefix', 'example.com/Other@v1.2.3/x.go', /does not have prefix/],
    ['the escaped form of the path', 'example.com/!mod@v1.2.3/x.go', /does not have prefix/],
    ['a parent element', prefix + 'a/../x.go', /not clean/],
    ['a dot element', prefix + './x.go', /not clean/],
    ['an empty element', prefix + 'a//x.go', /not clean/],
    ['an absolute path', prefix + '/etc/passwd', /not clean/],
    ['a backslash', prefix + 'a\\x.go', /invalid char/],
    ['a colon', prefix + 'c:x.go', /invalid char/],
    ['a shell character', prefix + 'a*.go', /invalid char/],
    ['a control character', prefix + 'a\u0001.go', /invalid char/],
    ['a trailing dot', prefix + 'x.', /trailing dot/],
    ['a name of dots only', prefix + 'a/.../x', /invalid path element/],
    ['a Windows device name', prefix + 'sub/aux.go', /disallowed as path element component on Windows/],
    ['a Windows device name in capitals', prefix + 'LPT1/x.go', /disallowed/],
    ['go.mod below the root', prefix + 'sub/go.mod', /go\.mod file not in module root/],
    ['go.mod in other case at the root', prefix + 'GO.MOD', /go\.mod file not in module root directory, or not spelled go\.mod/]
  ])('refuses %s', (_what, name, why) => {
    expect(problem(prefix + 'ok.go', name)).toMatch(why)
  })

  test('refuses case-insensitive collisions, files that are also directories, and duplicates', () => {
    expect(problem(prefix + 'README', prefix + 'readme')).toMatch(/case-insensitive file name collision/)
    expect(problem(prefix + 'Sub/a.go', prefix + 'sub/b.go')).toMatch(/case-insensitive file name collision/)
    expect(problem(prefix + 'ſ.txt', prefix + 's.txt')).toMatch(/case-insensitive/)
    expect(problem(prefix + 'a', prefix + 'a/b.go')).toMatch(/both a file and a directory/)
    expect(problem(prefix + 'a/', prefix + 'a')).toMatch(/both a file and a directory/)
    expect(problem(prefix + 'x.go', prefix + 'x.go')).toMatch(/multiple entries for file/)
    expect(problem(prefix + 'd/', prefix + 'd/', prefix + 'd/x.go')).toBeUndefined()
  })

  test('refuses names that are not UTF-8, and sizes over go\'s limits', () => {
    expect(unzipProblem([entry(Buffer.concat([Buffer.from(prefix), Buffer.from([0xff, 0x41])]))], prefix)).toMatch(/not valid UTF-8/)
    expect(unzipProblem([entry(prefix + 'a', 300 << 20), entry(prefix + 'b', 300 << 20)], prefix)).toMatch(/too large/)
    expect(unzipProblem([entry(prefix + 'go.mod', (16 << 20) + 1)], prefix)).toMatch(/go\.mod file too large/)
    expect(unzipProblem([entry(prefix + 'LICENSE', (16 << 20) + 1)], prefix)).toMatch(/LICENSE file too large/)
    expect(unzipProblem([entry(prefix + 'big.bin', 400 << 20)], prefix)).toBeUndefined()
  })
})

test('modcacheWritable reads -modcacherw from GOFLAGS as go parses it', () => {
  expect(modcacheWritable('')).toBe(false)
  expect(modcacheWritable('-mod=readonly')).toBe(false)
  expect(modcacheWritable('-modcacherw')).toBe(true)
  expect(modcacheWritable('-mod=mod --modcacherw')).toBe(true)
  expect(modcacheWritable('-modcacherw=true')).toBe(true)
  expect(modcacheWritable('-modcacherw=false')).toBe(false)
  expect(modcacheWritable('-modcacherw -modcacherw=false')).toBe(false)
  expect(modcacheWritable('-modcacherwx')).toBe(false)
})
