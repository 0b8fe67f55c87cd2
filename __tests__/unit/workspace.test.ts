import { parseModFile } from '../../src/go/modfile.js'
import { parseSumFile } from '../../src/go/sumfile.js'
import { hasDependencies, locate, zipEntries, type Workspace } from '../../src/go/workspace.js'

const gomod = 'module example.com/app\n\ngo 1.22\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v0.2.0 // indirect\n)\n\nreplace example.com/b v0.2.0 => example.com/fork v0.2.1\n'
const gosum =
  'example.com/a v1.0.0 h1:A=\nexample.com/a v1.0.0/go.mod h1:B=\nexample.com/fork v0.2.1 h1:C=\nexample.com/fork v0.2.1/go.mod h1:D=\nexample.com/deep v0.0.1/go.mod h1:E=\nexample.com/deep v0.0.2 h1:F=\n'
const ws: Workspace = {
  kind: 'module',
  root: '/w',
  modules: [{ dir: '/w', goModPath: '/w/go.mod', file: parseModFile(gomod, '/w/go.mod') }],
  sumFiles: [{ path: '/w/go.sum', content: gosum, entries: parseSumFile(gosum, '/w/go.sum') }]
}

describe('where a failure is annotated', () => {
  test('a required module: its require line', () => {
    expect(locate(ws, 'example.com/a', 'v1.0.0')).toEqual({ file: '/w/go.mod', line: 6 })
  })
  test('a replacement target: the replace line', () => {
    expect(locate(ws, 'example.com/fork', 'v0.2.1')).toEqual({ file: '/w/go.mod', line: 10 })
  })
  test('a module go.mod does not list: its go.sum line', () => {
    expect(locate(ws, 'example.com/deep', 'v0.0.2')).toEqual({ file: '/w/go.sum', line: 6 })
  })
  test('another version of a required module: still its require line', () => {
    expect(locate(ws, 'example.com/a', 'v1.1.0')).toEqual({ file: '/w/go.mod', line: 6 })
  })
  test('no module at all: the first line of go.mod', () => {
    expect(locate(ws, '')).toEqual({ file: '/w/go.mod', line: 1 })
  })
})

test('zip entries are the distinct module zips of all sum files', () => {
  expect(zipEntries(ws).map(e => `${e.path}@${e.version}`)).toEqual(['example.com/a@v1.0.0', 'example.com/fork@v0.2.1', 'example.com/deep@v0.0.2'])
})

test('a module with neither requires nor sums has no dependencies', () => {
  const bare: Workspace = { ...ws, modules: [{ ...ws.modules[0]!, file: parseModFile('module x\n\ngo 1.22\n', 'go.mod') }], sumFiles: [] }
  expect(hasDependencies(bare)).toBe(false)
  expect(hasDependencies(ws)).toBe(true)
})
