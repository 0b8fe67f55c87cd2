// npm run bench [-- section...]: measurements behind the project's defaults.
// Sections:
//   layout  what to cache: the whole GOMODCACHE or only GOMODCACHE/cache/download.
//           Archive bytes, file count, save, restore, and restore + go build, on a
//           large real dependency set (bench/deps), archived as @actions/cache does
//           (tar | zstd -T0 --long=30), median of ROUNDS with the contenders alternated.
//   verify  the cost of checking a restored cache: our h1 of every zip and go.mod
//           against go mod verify, and that every h1 equals go's own .ziphash.
//   cold    (a) bench/deps from a loopback proxy (scripts/bench-proxy.mjs) with 50 ms per
//           request and a 50 MB/s cap (BENCH_LATENCY_MS, BENCH_MBPS): plain go mod
//           download, with GOMAXPROCS=32, and go-mod-prewarm, cold each run, rotated.
//   real    (b) the same against the Go module proxy, when it is reachable.
//   warm    an exact hit for a go.sum of 1,000 lines: start to ready, less the transfer.
//   memory  peak memory of go-mod-prewarm prefetching a set with a zip over 100 MB.
// Needs the Go module proxy once, to fill .bench/ (kept between runs).
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, rmSync, statSync, readdirSync, chmodSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve('.bench')
const DEPS = resolve('bench/deps')
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3)
const sections = process.argv.slice(2).length ? process.argv.slice(2) : ['layout', 'verify', 'cold', 'real', 'warm', 'memory']

function sh(script, env = {}) {
  const started = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (r.status !== 0) throw new Error(`failed (${r.status}): ${script}\n${r.stderr}`)
  return { ms, stdout: r.stdout.toString() }
}

function removeTree(dir) {
  if (!existsSync(dir)) return
  const walk = d => {
    chmodSync(d, 0o755)
    for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name))
  }
  walk(dir)
  rmSync(dir, { recursive: true, force: true })
}

function countFiles(dir) {
  return Number(sh(`find ${JSON.stringify(dir)} -type f | wc -l`).stdout.trim())
}

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const mb = n => `${(n / 1e6).toFixed(1)} MB`
const s = ms => `${(ms / 1000).toFixed(2)} s`

function prepare() {
  mkdirSync(ROOT, { recursive: true })
  const modcache = join(ROOT, 'modcache')
  const gocache = join(ROOT, 'gocache')
  const env = { GOMODCACHE: modcache, GOCACHE: gocache, GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' }
  if (!existsSync(join(ROOT, 'modcache.ready'))) {
    console.log('preparing: go mod download of bench/deps from the Go module proxy ...')
    sh(`cd ${DEPS} && go mod download && touch ${join(ROOT, 'modcache.ready')}`, env)
  }
  if (!existsSync(join(ROOT, 'gocache.ready'))) {
    console.log('preparing: warming the build cache (first build of bench/deps; minutes on 2 cores) ...')
    sh(`cd ${DEPS} && go build -o /dev/null . && touch ${join(ROOT, 'gocache.ready')}`, env)
  }
  return { modcache, gocache }
}

function layout() {
  const { modcache, gocache } = prepare()
  const zips = Number(sh(`grep -vc '/go.mod ' ${join(DEPS, 'go.sum')}`).stdout.trim())
  const contenders = {
    'whole GOMODCACHE': { base: modcache, path: '.' },
    'cache/download only': { base: modcache, path: 'cache/download' }
  }
  const results = Object.fromEntries(Object.keys(contenders).map(k => [k, { bytes: 0, files: 0, save: [], restore: [], build: [] }]))
  for (const [name, c] of Object.entries(contenders)) results[name].files = countFiles(join(c.base, c.path))
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? Object.keys(contenders) : Object.keys(contenders).reverse()
    for (const name of order) {
      const c = contenders[name]
      const archive = join(ROOT, 'archive.tar.zst')
      const target = join(ROOT, 'restored')
      rmSync(archive, { force: true })
      removeTree(target)
      results[name].save.push(sh(`tar --posix -cf - -C ${c.base} ${c.path} | zstd -q -T0 --long=30 -o ${archive}`).ms)
      results[name].bytes = statSync(archive).size
      sh('sync')
      mkdirSync(target)
      results[name].restore.push(sh(`zstd -q -d --long=30 -c ${archive} | tar -xf - -C ${target}`).ms)
      const build = sh(`cd ${DEPS} && go build -o /dev/null .`, {
        GOMODCACHE: target,
        GOCACHE: gocache,
        GOPROXY: 'off',
        GOFLAGS: '-mod=readonly',
        GOTOOLCHAIN: 'local'
      })
      results[name].build.push(results[name].restore.at(-1) + build.ms)
      removeTree(target)
      rmSync(archive, { force: true })
    }
  }
  console.log(`\nlayout: bench/deps (${zips} module zips in go.sum), median of ${ROUNDS} rounds, tar | zstd -T0 --long=30`)
  console.log('| what is cached | archive | files | save | restore | restore + go build (warm GOCACHE) |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const [name, r] of Object.entries(results))
    console.log(`| ${name} | ${mb(r.bytes)} | ${r.files} | ${s(median(r.save))} | ${s(median(r.restore))} | ${s(median(r.build))} |`)
  const [full, dl] = Object.values(results)
  console.log(
    `ratios, cache/download only vs whole GOMODCACHE: archive ${(dl.bytes / full.bytes).toFixed(2)}x, files ${(dl.files / full.files).toFixed(3)}x, ` +
      `save ${(median(dl.save) / median(full.save)).toFixed(2)}x, restore ${(median(dl.restore) / median(full.restore)).toFixed(2)}x, ` +
      `restore + build ${(median(dl.build) / median(full.build)).toFixed(2)}x`
  )
}

async function verify() {
  const { modcache } = prepare()
  // Built from src/ by tsc: npm run build does not emit, so compile what the bench needs.
  sh('npx tsc -p tsconfig.json --outDir build >/dev/null')
  const { hashGoModFile } = await import(resolve('build/src/proxy/h1.js'))
  const { ZipPool } = await import(resolve('build/src/proxy/zip-pool.js'))
  const { mapLimit } = await import(resolve('build/src/util/pool.js'))
  const { availableParallelism } = await import('node:os')
  const { readFileSync } = await import('node:fs')
  const download = join(modcache, 'cache', 'download')
  const zips = sh(`find ${download} -name '*.zip'`).stdout.trim().split('\n').filter(Boolean)
  const mods = sh(`find ${download} -name '*.mod'`).stdout.trim().split('\n').filter(Boolean)
  const bytes = zips.reduce((n, z) => n + statSync(z).size, 0)
  // A module cache of cache/download alone, as a restore leaves it (hard links: no copy).
  const restored = join(ROOT, 'verify-modcache')
  removeTree(restored)
  mkdirSync(join(restored, 'cache'), { recursive: true })
  sh(`cp -al ${download} ${join(restored, 'cache', 'download')}`)
  const results = { ts: [], go: [], mods: [] }
  let mismatches = 0
  for (let round = 0; round < ROUNDS; round++) {
    const ours = async () => {
      // What the verify phase runs: the zip worker threads, started inside the timing.
      const started = process.hrtime.bigint()
      const pool = new ZipPool()
      const hashes = await Promise.all(zips.map(z => pool.hash(z).then(o => o.hash ?? o.corrupt)))
      await pool.close()
      results.ts.push(Number(process.hrtime.bigint() - started) / 1e6)
      mismatches = hashes.filter((h, i) => h !== readFileSync(zips[i].replace(/\.zip$/, '.ziphash'), 'utf8').trim()).length
    }
    const theirs = () =>
      results.go.push(sh(`cd ${DEPS} && go mod verify`, { GOMODCACHE: restored, GOPROXY: 'off', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local' }).ms)
    if (round % 2 === 0) {
      await ours()
      theirs()
    } else {
      theirs()
      await ours()
    }
    const started = process.hrtime.bigint()
    await mapLimit(mods, 16, m => hashGoModFile(m))
    results.mods.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  removeTree(restored)
  console.log(`\nverify: ${zips.length} module zips (${mb(bytes)}) and ${mods.length} go.mod files from bench/deps, median of ${ROUNDS} rounds`)
  console.log('| what | time |')
  console.log('| --- | --- |')
  console.log(`| go-mod-prewarm: h1 of every zip (${Math.min(availableParallelism(), 4)} worker threads) | ${s(median(results.ts))} |`)
  console.log(`| go mod verify (cache/download only) | ${s(median(results.go))} |`)
  console.log(`| go-mod-prewarm: h1 of every go.mod | ${s(median(results.mods))} |`)
  console.log(`zips whose h1 differs from go's .ziphash: ${mismatches} of ${zips.length}`)
  console.log(`ratio, go-mod-prewarm zip hashing vs go mod verify: ${(median(results.ts) / median(results.go)).toFixed(2)}x`)
}

/** Runs a command asynchronously (the bench proxy may live in this process); its wall time. */
async function timed(cmd, args, env, cwd = DEPS) {
  const { spawn } = await import('node:child_process')
  const started = process.hrtime.bigint()
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (err += d))
    child.on('close', code => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${err.slice(-2000)}`))
      else resolvePromise({ ms, stdout: out, stderr: err })
    })
  })
}

async function startBenchProxy(root, latencyMs, mbPerSecond) {
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, [resolve('scripts/bench-proxy.mjs'), root, String(latencyMs), String(mbPerSecond)], { stdio: ['ignore', 'pipe', 'inherit'] })
  const url = await new Promise(r => child.stdout.once('data', d => r(d.toString().trim())))
  return { url, stop: () => child.kill() }
}

const goEnvFor = (goproxy, modcache) => ({ GOMODCACHE: modcache, GOPROXY: goproxy, GOSUMDB: 'off', GOFLAGS: '-mod=readonly', GOTOOLCHAIN: 'local', GONOSUMDB: '', GOPRIVATE: '' })
const cli = resolve('dist/cli/index.js')

/** Cold downloads of bench/deps: plain go, go with a high GOMAXPROCS, and go-mod-prewarm. */
async function coldRace(goproxy, rounds, label) {
  const contenders = {
    'go mod download': mc => timed('go', ['mod', 'download'], goEnvFor(goproxy, mc)),
    'go mod download, GOMAXPROCS=32': mc => timed('go', ['mod', 'download'], { ...goEnvFor(goproxy, mc), GOMAXPROCS: '32' }),
    'go-mod-prewarm': mc =>
      timed(process.execPath, [cli, '--working-directory', DEPS, '--cache-dir', join(mc, '..', 'empty-cache'), '--save', 'false', '--restore-partial', 'false'], goEnvFor(goproxy, mc))
  }
  const names = Object.keys(contenders)
  const times = Object.fromEntries(names.map(n => [n, []]))
  // Every run gets a module cache of its own, and all are deleted only at the end: on
  // ext4, creating tens of thousands of files within a minute of deleting as many is
  // several times slower (the inode allocator skips recently deleted inodes), which
  // would charge one contender for the clean-up of the one before. A CI runner starts
  // on a fresh disk.
  const base = join(ROOT, 'cold')
  removeTree(base)
  try {
    for (let round = 0; round < rounds; round++) {
      const order = names.map((_, i) => names[(i + round) % names.length])
      for (const [i, name] of order.entries()) {
        const modcache = join(base, `${round}-${i}`, 'modcache')
        mkdirSync(modcache, { recursive: true })
        times[name].push((await contenders[name](modcache)).ms)
      }
    }
  } finally {
    removeTree(base)
  }
  const plain = median(times['go mod download'])
  console.log(`\n${label}, median of ${rounds} rounds, cold module cache each run, contenders rotated`)
  console.log('| contender | time | vs plain go mod download |')
  console.log('| --- | --- | --- |')
  for (const n of names) console.log(`| ${n} | ${s(median(times[n]))} | ${(plain / median(times[n])).toFixed(2)}x faster |`)
}

async function cold() {
  const { modcache } = prepare()
  const latency = Number(process.env.BENCH_LATENCY_MS || 50)
  const bandwidth = Number(process.env.BENCH_MBPS || 50)
  const proxy = await startBenchProxy(join(modcache, 'cache', 'download'), latency, bandwidth)
  try {
    await coldRace(proxy.url, ROUNDS, `cold (a): bench/deps from a loopback proxy with ${latency} ms per request and ${bandwidth} MB/s shared`)
  } finally {
    proxy.stop()
  }
}

async function real() {
  const goproxy = 'https://proxy.golang.org'
  try {
    const res = await fetch(`${goproxy}/golang.org/x/sync/@v/list`, { signal: AbortSignal.timeout(5000) })
    if (!res.ok) throw new Error(String(res.status))
  } catch (err) {
    console.log(`\ncold (b): skipped, ${goproxy} is not reachable (${err.message})`)
    return
  }
  await coldRace(goproxy, Number(process.env.BENCH_REAL_ROUNDS || 1), `cold (b): bench/deps from ${goproxy}`)
}

/** The test helpers and src/, compiled: fixture modules and the real go write their go.sum. */
async function helpers() {
  sh('npx tsc -p tsconfig.json --outDir build >/dev/null')
  return {
    scenario: await import(resolve('build/__tests__/helpers/scenario.js')),
    gotool: await import(resolve('build/__tests__/helpers/gotool.js'))
  }
}

/** Warm path: an exact hit for a go.sum of 1,000 lines, from start to ready, less the archive transfer. */
async function warm() {
  const { scenario } = await helpers()
  const world = await scenario.scenario(scenario.fixtureModules(500, 'example.com/warm'), 'bench-warm')
  try {
    const lines = readFileSync(join(world.app, 'go.sum'), 'utf8').split('\n').filter(Boolean).length
    const cacheDir = join(world.root, 'cache')
    const env = mc => world.env(mc)
    await timed(process.execPath, [cli, '--working-directory', world.app, '--cache-dir', cacheDir], env(await world.freshModCache()), world.root)
    const totals = []
    const ready = []
    for (let round = 0; round < ROUNDS; round++) {
      const json = join(world.root, `report-${round}.json`)
      const r = await timed(process.execPath, [cli, '--working-directory', world.app, '--cache-dir', cacheDir, '--json', json], env(await world.freshModCache()), world.root)
      const report = JSON.parse(readFileSync(json, 'utf8'))
      if (report.cache.status !== 'hit') throw new Error(`warm run was not an exact hit: ${report.cache.status}`)
      const restore = report.phases.find(p => p.name === 'restore')?.durationMs ?? 0
      totals.push(r.ms)
      ready.push(r.ms - restore)
    }
    console.log(`\nwarm: exact hit for a go.sum of ${lines} lines (500 fixture modules), local cache, median of ${ROUNDS} rounds`)
    console.log('| what | time |')
    console.log('| --- | --- |')
    console.log(`| whole CLI run, process start to exit | ${s(median(totals))} |`)
    console.log(`| the same less the archive transfer (restore phase) | ${s(median(ready))} |`)
  } finally {
    await world.close()
  }
}

/** Peak memory while prefetching a set that holds a zip of more than 100 MB. */
async function memory() {
  const { scenario } = await helpers()
  const { randomBytes } = await import('node:crypto')
  const blob = randomBytes(110 * 1024 * 1024).toString('latin1')
  const huge = { path: 'example.com/huge', version: 'v1.0.0', files: { 'huge.go': 'package huge\n\nconst Version = "v1.0.0"\n', 'blob.bin': blob } }
  const world = await scenario.scenario([huge, ...scenario.fixtureModules(20, 'example.com/small')], 'bench-memory')
  try {
    const mc = await world.freshModCache()
    const r = await timed(
      process.execPath,
      [resolve('scripts/bench-rss.mjs'), '--working-directory', world.app, '--cache-dir', join(world.root, 'cache'), '--save', 'false', ...(process.env.BENCH_CLI_ARGS ?? '').split(' ').filter(Boolean)],
      world.env(mc),
      world.root
    )
    const kb = Number(/bench-maxrss-kb (\d+)/.exec(r.stderr)[1])
    if (process.env.GO_MOD_PREWARM_DEBUG) console.log(r.stderr.split('\n').filter(l => l.startsWith('debug:')).join('\n'))
    const zipBytes = statSync(join(mc, 'cache', 'download', 'example.com', 'huge', '@v', 'v1.0.0.zip')).size
    console.log(`\nmemory: prefetch of 21 modules, one zip of ${mb(zipBytes)}`)
    console.log(`| peak resident memory of go-mod-prewarm (not counting go) | ${(kb / 1024).toFixed(1)} MB |`)
  } finally {
    await world.close()
  }
}

const SECTIONS = { layout, verify, cold, real, warm, memory }
for (const name of sections) {
  if (!SECTIONS[name]) {
    console.error(`unknown section ${name}; sections: ${Object.keys(SECTIONS).join(', ')}`)
    process.exit(2)
  }
  await SECTIONS[name]()
}
