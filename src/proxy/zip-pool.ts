// The main thread's side of the zip workers: where the worker script is, how many.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WorkerPool } from '../util/workers.js'
import type { UnzipRequest } from './unzip.js'
import { ZipFile } from './zip.js'
import { runZipTask, type ZipOutcome, type ZipTask } from './zip-worker.js'

/**
 * Bundled, every entry point is dist/<entry>/index.js and the worker is bundled as
 * dist/zip-worker/index.js. From source (the tests), it is src/zip-worker.ts, which node
 * runs through scripts/ts-loader.mjs.
 */
function workerScript(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = [join(here, '..', 'zip-worker', 'index.js'), join(here, '..', 'zip-worker.ts')]
  const found = candidates.find(c => existsSync(c))
  if (!found) throw new Error(`go-mod-prewarm is incomplete: its zip worker is missing (looked for ${candidates.join(' and ')})`)
  return found
}

function streamsEntries(zip: string): boolean {
  try {
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

/** Beyond this, more threads only contend for the disk, and each costs tens of MB. */
const MAX_WORKERS = 4

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

  /**
   * A zip with entries too large to inflate in one piece streams them, and every chunk
   * is garbage until V8 collects it, which it does per thread once tens of MB pile up.
   * Such zips are rare and run here, on the main thread, whose downloads pile up the
   * same kind: one allowance instead of one more per worker keeps peak memory bounded.
   */
  private run(task: ZipTask): Promise<ZipOutcome> {
    return streamsEntries(task.zip) ? runZipTask(task) : this.pool.run(task)
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
