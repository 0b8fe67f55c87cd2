import { analyseAttempt, retryable, type AttemptRecord } from '../../src/go/download.js'
import { parseJsonStream, parseProxyUrl, parseStderr } from '../../src/go/download-output.js'
import type { ProcessResult } from '../../src/util/process.js'

const result = (over: Partial<ProcessResult>): ProcessResult => ({
  exitCode: 1,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  durationMs: 10,
  ...over
})

describe('go mod download output', () => {
  test('splits concatenated JSON objects, braces inside strings included', () => {
    const text = '{\n\t"Path": "a",\n\t"Error": "x { y"\n}\n{\n\t"Path": "b\\"}"\n}\n'
    expect(parseJsonStream(text)).toEqual([{ Path: 'a', Error: 'x { y' }, { Path: 'b"}' }])
  })

  test('proxy URLs give the module back, escaped letters and base paths included', () => {
    expect(parseProxyUrl('http://127.0.0.1:1/example.com/%21beta/@v/v1.2.0.zip')).toMatchObject({ path: 'example.com/Beta', version: 'v1.2.0', file: 'zip' })
    expect(parseProxyUrl('https://corp.example/api/go/github.com/!azure/sdk/@v/v0.1.0-!r!c1.mod')).toMatchObject({
      path: 'github.com/Azure/sdk',
      version: 'v0.1.0-RC1',
      file: 'mod'
    })
    expect(parseProxyUrl('https://p.example/example.com/a/@v/list')).toMatchObject({ path: 'example.com/a', file: 'list' })
  })

  test('a graph-loading failure on stderr is attributed to the module at the end of the chain', () => {
    const s = parseStderr(
      '# get http://p/example.com/a/@v/v1.0.0.mod\n# get http://p/example.com/a/@v/v1.0.0.mod: 200 OK (0.001s)\n' +
        'go: example.com/a@v1.0.0 requires\n\texample.com/b@v0.2.0: reading http://p/example.com/b/@v/v0.2.0.mod: 502 Bad Gateway\n\tserver response: bad\n'
    )
    expect(s.messages).toHaveLength(1)
    expect(s.messages[0]).toMatchObject({ path: 'example.com/b', version: 'v0.2.0' })
    expect(s.requests).toEqual([expect.objectContaining({ path: 'example.com/a', file: 'mod', status: '200 OK (0.001s)' })])
  })

  test('requests keep their status line; one that never got one has none', () => {
    const s = parseStderr('# get http://p/example.com/a/@v/v1.0.0.zip\n# get http://p/example.com/b/@v/v1.0.0.zip\n# get http://p/example.com/a/@v/v1.0.0.zip: 200 OK (0.1s)\n')
    expect(s.requests.map(r => [r.path, r.status])).toEqual([
      ['example.com/a', '200 OK (0.1s)'],
      ['example.com/b', undefined]
    ])
  })

  test('a timed-out attempt blames a 200 response whose file never landed (a stalled body)', () => {
    const stderr = '# get http://p/example.com/ok/@v/v1.0.0.zip\n# get http://p/example.com/ok/@v/v1.0.0.zip: 200 OK (0.1s)\n# get http://p/example.com/big/@v/v2.0.0.zip\n# get http://p/example.com/big/@v/v2.0.0.zip: 200 OK (0.1s)\n'
    const { failures } = analyseAttempt(result({ exitCode: null, timedOut: true, stderr }), 5000, r => r.path === 'example.com/ok')
    expect(failures).toEqual([expect.objectContaining({ path: 'example.com/big', version: 'v2.0.0', class: 'timeout' })])
    expect(failures[0]!.message).toMatch(/response body incomplete/)
  })

  test('a checksum mismatch exists only on stderr and is one failure of class checksum', () => {
    const stderr =
      'verifying example.com/gamma@v0.1.0: checksum mismatch\n\tdownloaded: h1:b=\n\tgo.sum:     h1:a=\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\n\nFor more information, see \'go help module-auth\'.\n'
    const { failures } = analyseAttempt(result({ stderr }), 1000)
    expect(failures).toEqual([
      expect.objectContaining({ path: 'example.com/gamma', version: 'v0.1.0', class: 'checksum' })
    ])
  })

  test('a timed-out attempt blames the unfinished request', () => {
    const { failures } = analyseAttempt(
      result({ exitCode: null, signal: 'SIGKILL', timedOut: true, stderr: '# get http://p/example.com/slow/@v/v1.0.0.zip\n' }),
      5000
    )
    expect(failures).toEqual([expect.objectContaining({ path: 'example.com/slow', version: 'v1.0.0', class: 'timeout' })])
  })

  test('JSON errors and stderr lines about the same module count once', () => {
    const stdout = JSON.stringify({ Path: 'example.com/a', Version: 'v1.0.0', Error: 'example.com/a@v1.0.0: reading http://p/x: 404 Not Found' })
    const { failures } = analyseAttempt(result({ stdout, stderr: 'go: example.com/a@v1.0.0: reading http://p/x: 404 Not Found\n' }), 1000)
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ class: 'not-found', message: 'reading http://p/x: 404 Not Found' })
  })

  test('a failure go does not attribute still fails the attempt', () => {
    const { failures } = analyseAttempt(result({ stderr: 'go: errors parsing go.mod:\ngo.mod:3: unknown directive: bogus\n' }), 1000)
    expect(failures).toEqual([expect.objectContaining({ class: 'unknown' })])
    expect(failures[0]!.path).toBeUndefined()
  })
})

describe('retry decision', () => {
  const attempt = (n: number, ...classes: string[]): AttemptRecord => ({
    number: n,
    durationMs: 1,
    exitCode: 1,
    timedOut: false,
    failures: classes.map(c => ({ path: 'example.com/a', version: 'v1.0.0', class: c as never, message: '' }))
  })
  test('only while every failure is transient', () => {
    expect(retryable([attempt(1, 'network', 'server-error')])).toBe(true)
    expect(retryable([attempt(1, 'network', 'not-found')])).toBe(false)
    expect(retryable([attempt(1, 'checksum')])).toBe(false)
  })
  test('a corrupt zip is retried once, then not', () => {
    expect(retryable([attempt(1, 'corrupt')])).toBe(true)
    expect(retryable([attempt(1, 'corrupt'), attempt(2, 'corrupt')])).toBe(false)
  })
})
