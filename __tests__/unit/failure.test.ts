import { classify, failureClass, hostOf, trimMessage } from '../../src/go/failure.js'

// Every error text from ../shared/notes/go-modules.md, plus the ones observed from the
// real go against the fixture proxy (see the download integration tests).
const CASES: [string, string][] = [
  ['example.com/a@v1.0.0: reading https://proxy.example/example.com/a/@v/v1.0.0.zip: 404 Not Found\n\tserver response: not found', 'not-found'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.info: 410 Gone', 'not-found'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.mod: 502 Bad Gateway', 'server-error'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.zip: 503 Service Unavailable', 'server-error'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.zip: 429 Too Many Requests', 'rate-limited'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.info: 401 Unauthorized', 'auth'],
  ['reading https://proxy.example/example.com/a/@v/v1.0.0.info: 403 Forbidden', 'auth'],
  ["example.com/a@v1.9.9: invalid version: unknown revision v1.9.9", 'invalid-version'],
  ['example.com/a@v1.0.0: unknown revision v1.0.0', 'invalid-version'],
  ['example.com/a@vX: invalid version: version "vX" invalid: must be of the form v1.2.3', 'invalid-version'],
  [
    'verifying example.com/a@v1.0.0: checksum mismatch\n\tdownloaded: h1:x=\n\tgo.sum:     h1:y=\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.',
    'checksum'
  ],
  ['verifying example.com/a@v1.0.0: example.com/a@v1.0.0: reading https://sum.golang.org/lookup/example.com/a@v1.0.0: 410 Gone\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.', 'checksum'],
  ['verifying module: example.com/a@v1.0.0: Get "https://sum.golang.org/lookup/example.com/a@v1.0.0": dial tcp 1.2.3.4:443: connect: connection refused', 'sumdb'],
  ['Get "https://proxy.golang.org/x/@v/list": dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host', 'dns'],
  ['Get "https://proxy.golang.org/x/@v/v1.0.0.zip": dial tcp 1.2.3.4:443: i/o timeout', 'timeout'],
  ['Get "https://proxy.golang.org/x/@v/v1.0.0.zip": net/http: TLS handshake timeout', 'timeout'],
  ['Get "http://127.0.0.1:1/x/@v/v1.0.0.zip": read tcp 127.0.0.1:40170->127.0.0.1:45047: read: connection reset by peer', 'network'],
  ['Get "http://127.0.0.1:1/x/@v/v1.0.0.zip": dial tcp 127.0.0.1:1: connect: connection refused', 'network'],
  ['Get "https://proxy.golang.org/x/@v/v1.0.0.zip": http2: server sent GOAWAY and closed the connection', 'network'],
  ['read "https://proxy.golang.org/x/@v/v1.0.0.zip": stream error: stream ID 41; INTERNAL_ERROR; received from peer', 'network'],
  ['example.com/a@v1.0.0: read "http://127.0.0.1:1/example.com/a/@v/v1.0.0.zip": unexpected EOF', 'network'],
  ['zip: not a valid zip file', 'corrupt'],
  ['zip: checksum error', 'corrupt'],
  ["fatal: could not read Username for 'https://git.example.com': terminal prompts disabled", 'auth'],
  ['write /home/runner/go/pkg/mod/cache/download/x/@v/v1.0.0.zip: no space left on device', 'disk-full'],
  ['go: downloading go1.30.0 (linux/amd64)\ngo: download go1.30.0 for linux/amd64: toolchain not available', 'toolchain'],
  ['go: go.mod requires go >= 1.30 (running go 1.26.8; GOTOOLCHAIN=local)', 'toolchain'],
  ['something nobody has seen before', 'unknown']
]

describe('failure classes', () => {
  test.each(CASES)('%s', (text, expected) => {
    expect(classify(text).name).toBe(expected)
  })

  test('transient classes allow retries, permanent ones none', () => {
    for (const name of ['network', 'timeout', 'server-error', 'rate-limited', 'sumdb'] as const) expect(failureClass(name).retries).toBe(Infinity)
    for (const name of ['checksum', 'auth', 'not-found', 'invalid-version', 'disk-full', 'toolchain', 'unknown'] as const)
      expect(failureClass(name).retries).toBe(0)
    expect(failureClass('corrupt').retries).toBe(1)
  })

  test('the auth hint can name the host, never a credential', () => {
    expect(hostOf('reading https://user:secret@proxy.corp.example:8443/x/@v/v1.info: 401 Unauthorized')).toBe('proxy.corp.example:8443')
  })

  test('messages lose the module prefix and the SECURITY ERROR boilerplate', () => {
    const text = 'verifying example.com/a@v1.0.0: checksum mismatch\n\tdownloaded: h1:x=\n\tgo.sum:     h1:y=\n\nSECURITY ERROR\nThis download does NOT match'
    expect(trimMessage(text, 'example.com/a@v1.0.0')).toBe('verifying example.com/a@v1.0.0: checksum mismatch\n\tdownloaded: h1:x=\n\tgo.sum:     h1:y=')
    expect(trimMessage('example.com/a@v1.0.0: reading x: 404 Not Found', 'example.com/a@v1.0.0')).toBe('reading x: 404 Not Found')
  })
})
