// Builds dist/ from src/ with ncc: one bundle per entry point. With --check, builds
// into a temporary directory and fails when the committed dist/ differs, so a stale
// dist/ (which is what users run) never lands.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

// The action's two steps, the CLI, and the zip worker thread they all start.
const ENTRIES = ['main', 'post', 'cli', 'zip-worker']
const check = process.argv.includes('--check')
const out = check ? mkdtempSync(join(tmpdir(), 'gmp-dist-')) : 'dist'
const ncc = join('node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

for (const entry of ENTRIES) {
  rmSync(join(out, entry), { recursive: true, force: true })
  execFileSync(process.execPath, [ncc, 'build', `src/${entry}.ts`, '-o', join(out, entry), '--license', 'licenses.txt', '-q'], {
    stdio: 'inherit'
  })
}

function files(dir) {
  const result = []
  const walk = d => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else result.push(relative(dir, p))
    }
  }
  walk(dir)
  return result.sort()
}

if (check) {
  const built = files(out)
  let committed = []
  try {
    committed = files('dist')
  } catch {
    committed = []
  }
  const differ = [...new Set([...built, ...committed])].filter(f => {
    try {
      return !readFileSync(join(out, f)).equals(readFileSync(join('dist', f)))
    } catch {
      return true
    }
  })
  rmSync(out, { recursive: true, force: true })
  if (differ.length > 0) {
    console.error(`dist/ does not match src/: ${differ.join(', ')}\nRun \`npm run bundle\` and commit dist/.`)
    process.exit(1)
  }
  console.log('dist/ matches src/')
}
