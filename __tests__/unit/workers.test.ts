// The worker pool under the zip hashing: tasks spread over threads, failures and dead
// workers reach the caller, and idle workers never keep the process alive.
import { spawnSync } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { WorkerPool } from '../../src/util/workers.js'

const script = resolve('__tests__/helpers/pool-worker.mjs')
type Q = { op: 'double'; n: number; ms?: number } | { op: 'fail'; what: string } | { op: 'exit' }
type R = { doubled: number; threadId: number }

test('runs tasks on up to `size` threads at once, each result to its caller', async () => {
  const pool = new WorkerPool<Q, R>(script, 2)
  try {
    const results = await Promise.all([1, 2, 3, 4, 5, 6].map(n => pool.run({ op: 'double', n, ms: 30 })))
    expect(results.map(r => r.doubled)).toEqual([2, 4, 6, 8, 10, 12])
    expect(new Set(results.map(r => r.threadId)).size).toBe(2)
  } finally {
    await pool.close()
  }
})

test('a failing task rejects with its message; a worker that dies rejects its task and is replaced', async () => {
  const pool = new WorkerPool<Q, R>(script, 1)
  try {
    await expect(pool.run({ op: 'fail', what: 'read the zip' })).rejects.toThrow('cannot read the zip')
    await expect(pool.run({ op: 'exit' })).rejects.toThrow(/exited with code 3/)
    expect((await pool.run({ op: 'double', n: 21 })).doubled).toBe(42)
  } finally {
    await pool.close()
  }
})

test('close rejects what is queued and running, and later tasks', async () => {
  const pool = new WorkerPool<Q, R>(script, 1)
  const running = expect(pool.run({ op: 'double', n: 1, ms: 5000 })).rejects.toThrow(/closed/)
  const queued = expect(pool.run({ op: 'double', n: 2 })).rejects.toThrow(/closed/)
  await pool.close()
  await running
  await queued
  await expect(pool.run({ op: 'double', n: 3 })).rejects.toThrow(/closed/)
})

test('a pool nobody closed does not keep node running once its tasks are done', async () => {
  const program = join(await mkdtemp(join(tmpdir(), 'gmp-pool-')), 'program.mjs')
  await writeFile(
    program,
    `
    import { WorkerPool } from ${JSON.stringify(join(process.cwd(), 'src/util/workers.ts'))}
    const pool = new WorkerPool(${JSON.stringify(script)}, 2)
    const r = await pool.run({ op: 'double', n: 4, ms: 50 })
    console.log('result', r.doubled)
  `
  )
  const child = spawnSync(process.execPath, ['--import', resolve('scripts/ts-loader.mjs'), program], { encoding: 'utf8', timeout: 20_000 })
  expect(child.stderr).toBe('')
  expect(child.stdout).toBe('result 8\n')
  // Killed by the timeout (status null) if the idle workers held it.
  expect(child.status).toBe(0)
})
