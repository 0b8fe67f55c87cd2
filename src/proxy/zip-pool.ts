// The main thread's side of the zip workers: where the worker script is, how many.
import { existsSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WorkerPool } from '../util/workers.js'
import type { UnzipRequest } from './unzip.js'
import { ZipFile } from './zip.js'
import { runZipTask, type ZipOutcome, type ZipTask } from './zip-worker.js'

/**
 * Bundled, every entry point is dist/<entry>/index.js and the worker is bundled as
 * dist/zip-worker/index.js. Compiled by tsc (the benchmark), it is build/src/zip-worker.js.
 * From source (the tests), it is src/zip-worker.ts, which node runs through
 * scripts/ts-loader.mjs.
 */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = ['zip-worker/index.js', 'zip-worker.js', 'zip-worker.ts'].map(name => join(here, '..', name))
  const found = candidates.find(c => existsSync(c))
  if (!found) throw new Error(`go-mod-prewarm is incomplete: its zip worker is missing (looked for ${candidates.join(' and ')})`)
  return found
}

/** Beyond this, more threads only contend for the disk, and each costs tens of MB. */
const MAX_WORKERS = 4
/** Zips below this are done on the main thread: a millisecond of work, and a set of small modules starts no thread at all. */
const SMALL = 64 << 10

/**
 * Where a zip is hashed. Small ones: here. Ones with entries too large to inflate in
 * one piece stream them, and every chunk is garbage until V8 collects it, which it
 * does per thread once tens of MB pile up; they are rare and run here too, where the
 * downloads already pile up the same kind: one allowance instead of one more per
 * worker. The rest: a worker each.
 */
function onMainThread(zip: string): boolean {
  try {
    if (statSync(zip).size < SMALL) return true
    const z = ZipFile.open(zip)
    try {
      return z.streams
    } finally {
      z.close()
    }
  } catch {
    return false // unreadable: the worker says why
  }
}

export class ZipPool {
  private readonly pool: WorkerPool<ZipTask, ZipOutcome>

  /**
   * One worker per core, at most MAX_WORKERS: the work is CPU and local disk, and each
   * worker costs memory (below). A young generation of 1 MB makes V8 collect dead
   * inflate buffers every few hundred entries instead of letting tens of MB pile up
   * per thread (docs/benchmarks.md, peak memory).
   */
  constructor(size = Math.min(availableParallelism(), MAX_WORKERS)) {
    this.pool = new WorkerPool(workerScript(), Math.max(1, size), { maxYoungGenerationSizeMb: 1 })
  }

  hash(zip: string): Promise<ZipOutcome> {
    return this.run({ op: 'hash', zip })
  }

  hashAndExtract(request: UnzipRequest): Promise<ZipOutcome> {
    return this.run({ op: 'unzip', ...request })
  }

  close(): Promise<void> {
    return this.pool.close()
  }

  private run(task: ZipTask): Promise<ZipOutcome> {
    return onMainThread(task.zip) ? runZipTask(task) : this.pool.run(task)
  }
}
