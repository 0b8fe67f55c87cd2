import { parseGitCredentials, parseProxyCredentials } from '../../src/credentials/parse.js'
import { renderGitConfig, renderNetrc } from '../../src/credentials/render.js'
import { Redactor, secretForms } from '../../src/credentials/secrets.js'
import { InputError } from '../../src/options.js'

describe('proxy-credentials', () => {
  test('HOST[:PORT]=USER:PASSWORD, one a line; comments and blank lines skipped; passwords may hold ":" and "="', () => {
    expect(parseProxyCredentials('goproxy.corp.example=ci:s3cr=et\n\n# note\n127.0.0.1:8443=token:ab:cd\n')).toEqual([
      { host: 'goproxy.corp.example', user: 'ci', password: 's3cr=et' },
      { host: '127.0.0.1:8443', user: 'token', password: 'ab:cd' }
    ])
  })

  test.each([
    ['no-equals-sign-hunter2', 'line 1 has no "="'],
    ['proxy.example=hunter2', 'line 1 has no USER:PASSWORD after "="'],
    ['https://proxy.example/x=u:hunter2', 'line 1 has no valid HOST[:PORT] before "="'],
    ['proxy.example=u:hunter 2', 'line 1 has white space in its secret'],
    ['proxy.example=u:', 'line 1 has an empty secret']
  ])('%j fails with the line number and the accepted form, never the text', (text, message) => {
    let error: unknown
    try {
      parseProxyCredentials(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(`proxy-credentials: ${message}`)
    expect((error as Error).message).toContain('accepted: HOST[:PORT]=USER:PASSWORD')
    expect((error as Error).message).not.toContain('hunter')
  })

  test('the line number counts every line', () => {
    expect(() => parseProxyCredentials('a.example=u:p1\n\nbroken-hunter2\n')).toThrow(/^proxy-credentials: line 3 /)
  })
})

describe('git-credentials', () => {
  test('HOST/PREFIX=TOKEN uses x-access-token; USER:TOKEN keeps the user; a scheme and trailing slash are tolerated', () => {
    expect(parseGitCredentials('github.com/my-org=ghs_abc\nhttps://gitlab.example.com/group/sub/=oauth2:glpat-x\n')).toEqual([
      { host: 'github.com', prefix: 'my-org', user: 'x-access-token', token: 'ghs_abc' },
      { host: 'gitlab.example.com', prefix: 'group/sub', user: 'oauth2', token: 'glpat-x' }
    ])
  })

  test.each(['github.com=ghs_hunter2', 'github.com/org', 'github.com/org=', 'github.com/o rg=ghs_hunter2'])('%j is rejected without echoing it', text => {
    expect(() => parseGitCredentials(text)).toThrow(/^git-credentials: line 1 .*accepted: HOST\/PATH-PREFIX=TOKEN or HOST\/PATH-PREFIX=USER:TOKEN/)
    expect(() => parseGitCredentials(text)).not.toThrow(/hunter/)
  })
})

describe('credential files', () => {
  test('netrc: our machines first, existing entries kept', () => {
    expect(renderNetrc([{ host: '127.0.0.1:8443', user: 'u', password: 'p' }], 'machine other.example login a password b\n')).toBe(
      'machine 127.0.0.1:8443\nlogin u\npassword p\n\nmachine other.example login a password b\n'
    )
  })

  test('git config: a header scoped to https://host/prefix/, ssh forms rewritten to it, the user config included', () => {
    const config = renderGitConfig([{ host: 'github.com', prefix: 'my-org', user: 'x-access-token', token: 'ghs_abc' }], '/home/u/.gitconfig')
    const basic = Buffer.from('x-access-token:ghs_abc').toString('base64')
    expect(config).toBe(
      [
        '[include]',
        '\tpath = "/home/u/.gitconfig"',
        '[http "https://github.com/my-org/"]',
        `\textraHeader = "Authorization: Basic ${basic}"`,
        '[url "https://github.com/my-org/"]',
        '\tinsteadOf = "ssh://git@github.com/my-org/"',
        '\tinsteadOf = "git@github.com:my-org/"',
        ''
      ].join('\n')
    )
    expect(config).not.toContain('ghs_abc')
  })
})

describe('secrets', () => {
  test('every derived form is listed, longest first', () => {
    const forms = secretForms([{ user: 'x-access-token', secret: 'p@ss/w:rd' }])
    for (const f of ['p@ss/w:rd', 'x-access-token:p@ss/w:rd', Buffer.from('x-access-token:p@ss/w:rd').toString('base64'), encodeURIComponent('p@ss/w:rd')])
      expect(forms).toContain(f)
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms)
  })

  test('redaction removes every form from text and from nested values', () => {
    const r = new Redactor(secretForms([{ user: 'u', secret: 'hunter22' }]))
    const b64 = Buffer.from('u:hunter22').toString('base64')
    expect(r.redact(`a hunter22 b ${b64} c u:hunter22`)).toBe('a *** b *** c ***')
    expect(r.redactValue({ list: [{ m: 'x hunter22' }], n: 3 })).toEqual({ list: [{ m: 'x ***' }], n: 3 })
  })
})

describe('netrc machines', () => {
  test('git hosts get an entry for go discovery requests; a proxy credential wins for its host; one entry per host', async () => {
    const { netrcMachines } = await import('../../src/credentials/setup.js')
    expect(
      netrcMachines({
        proxyCredentials: [{ host: 'shared.example', user: 'proxy', password: 'p' }],
        gitCredentials: [
          { host: 'gitlab.example', prefix: 'group/a', user: 'oauth2', token: 't1' },
          { host: 'gitlab.example', prefix: 'group/b', user: 'oauth2', token: 't2' },
          { host: 'shared.example', prefix: 'x', user: 'u', token: 't3' }
        ]
      })
    ).toEqual([
      { host: 'shared.example', user: 'proxy', password: 'p' },
      { host: 'gitlab.example', user: 'oauth2', password: 't1' }
    ])
  })
})
