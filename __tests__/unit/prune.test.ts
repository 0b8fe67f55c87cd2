import { planPrune, versionStem } from '../../src/cache/prune.js'

const files = [
  'example.com/a/@v/list',
  'example.com/a/@v/v1.0.0.info',
  'example.com/a/@v/v1.0.0.mod',
  'example.com/a/@v/v1.0.0.zip',
  'example.com/a/@v/v1.0.0.ziphash',
  'example.com/a/@v/v1.0.0.lock',
  'example.com/a/@v/v1.1.0.info',
  'example.com/a/@v/v1.1.0.mod',
  'example.com/a/@v/v1.1.0.zip',
  'example.com/a/@v/v1.1.0.ziphash',
  'example.com/a/@v/v1.2.0.zip123456.tmp',
  'example.com/!upper/@v/list',
  'example.com/!upper/@v/v0.1.0.mod',
  'golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.zip',
  'golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.mod',
  'golang.org/toolchain/@v/list',
  'sumdb/sum.golang.org/lookup/example.com/a@v1.0.0'
]

test('versions go.sum no longer lists, temporary files and toolchains are left out; lists name what stays', () => {
  const keep = new Set([versionStem('example.com/a', 'v1.1.0'), versionStem('example.com/Upper', 'v0.1.0')])
  const plan = planPrune(files, keep, false)
  expect(plan.remove.sort()).toEqual(
    [
      'example.com/a/@v/v1.0.0.info',
      'example.com/a/@v/v1.0.0.mod',
      'example.com/a/@v/v1.0.0.zip',
      'example.com/a/@v/v1.0.0.ziphash',
      'example.com/a/@v/v1.0.0.lock',
      'example.com/a/@v/v1.2.0.zip123456.tmp',
      'golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.zip',
      'golang.org/toolchain/@v/v0.0.1-go1.27.0.linux-amd64.mod'
    ].sort()
  )
  expect(plan.lists).toEqual(
    new Map([
      ['example.com/a/@v/list', ['v1.1.0']],
      ['example.com/!upper/@v/list', ['v0.1.0']],
      ['golang.org/toolchain/@v/list', []]
    ])
  )
})

test('keep-toolchains keeps them', () => {
  const plan = planPrune(files, new Set(), true)
  expect(plan.remove.some(f => f.startsWith('golang.org/toolchain/'))).toBe(false)
  expect(plan.lists.get('golang.org/toolchain/@v/list')).toEqual(['v0.0.1-go1.27.0.linux-amd64'])
})

test('checksum database tiles are never touched', () => {
  expect(planPrune(files, new Set(), false).remove.some(f => f.startsWith('sumdb/'))).toBe(false)
})
