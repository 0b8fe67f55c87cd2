import { parseModFile, ModFileError } from '../../src/go/modfile.js'
import { parseSumFile, SumFileError } from '../../src/go/sumfile.js'

describe('go.mod parsing', () => {
  const gomod = [
    'module example.com/app // the app',
    '',
    'go 1.22.1',
    '',
    'toolchain go1.23.4',
    '',
    'require example.com/single v1.0.0',
    '',
    'require (',
    '\texample.com/Upper v1.2.3',
    '\t"example.com/quoted" v0.1.0 // indirect',
    '\texample.com/other v2.0.0+incompatible // indirect; used by tests',
    ')',
    '',
    'replace example.com/single => ../single',
    'replace example.com/Upper v1.2.3 => example.com/fork v1.2.4',
    'exclude example.com/bad v0.0.1',
    'retract v0.9.0'
  ].join('\n')

  test('reads module, go, toolchain and every require with its line number', () => {
    const f = parseModFile(gomod, 'go.mod')
    expect(f.module).toBe('example.com/app')
    expect(f.go).toBe('1.22.1')
    expect(f.toolchain).toBe('go1.23.4')
    expect(f.requires).toEqual([
      { path: 'example.com/single', version: 'v1.0.0', line: 7, indirect: false },
      { path: 'example.com/Upper', version: 'v1.2.3', line: 10, indirect: false },
      { path: 'example.com/quoted', version: 'v0.1.0', line: 11, indirect: true },
      { path: 'example.com/other', version: 'v2.0.0+incompatible', line: 12, indirect: true }
    ])
  })

  test('reads replace lines with and without versions', () => {
    const f = parseModFile(gomod, 'go.mod')
    expect(f.replaces).toEqual([
      { path: 'example.com/single', version: undefined, newPath: '../single', newVersion: undefined, line: 15 },
      { path: 'example.com/Upper', version: 'v1.2.3', newPath: 'example.com/fork', newVersion: 'v1.2.4', line: 16 }
    ])
  })

  test('CRLF line endings give the same result', () => {
    expect(parseModFile(gomod.replace(/\n/g, '\r\n'), 'go.mod')).toEqual(parseModFile(gomod, 'go.mod'))
  })

  test('reads go.work use lines, single and in blocks', () => {
    const f = parseModFile('go 1.23\n\nuse ./a\nuse (\n\t./b\n\t../c // shared\n)\n', 'go.work')
    expect(f.uses).toEqual(['./a', './b', '../c'])
    expect(f.go).toBe('1.23')
  })

  test('malformed lines name the file and line', () => {
    expect(() => parseModFile('module x\nrequire example.com/a\n', 'sub/go.mod')).toThrow(new ModFileError('sub/go.mod', 2, 'usage: require module/path v1.2.3'))
    expect(() => parseModFile('require (\n\texample.com/a v1.0.0\n', 'go.mod')).toThrow(/go.mod:\d+: unterminated require block/)
  })
})

describe('go.sum parsing', () => {
  test('reads zip and /go.mod lines with line numbers', () => {
    const entries = parseSumFile('example.com/a v1.0.0 h1:AAA=\nexample.com/a v1.0.0/go.mod h1:BBB=\n\n', 'go.sum')
    expect(entries).toEqual([
      { path: 'example.com/a', version: 'v1.0.0', goMod: false, hash: 'h1:AAA=', line: 1 },
      { path: 'example.com/a', version: 'v1.0.0', goMod: true, hash: 'h1:BBB=', line: 2 }
    ])
  })

  test('a malformed line is an error naming file and line', () => {
    expect(() => parseSumFile('example.com/a v1.0.0 h1:A=\nbroken line\n', 'x/go.sum')).toThrow(SumFileError)
    expect(() => parseSumFile('example.com/a v1.0.0 h1:A=\nbroken line\n', 'x/go.sum')).toThrow(/x\/go.sum:2:/)
  })
})
