// The zip worker thread: hashes (and extracts) one zip per task, so zip work runs on
// every core while the main thread keeps the network busy. A zip that does not read
// is an outcome (`corrupt`), not a failure: the prefetch fetches it once more.
import { parentPort } from 'node:worker_threads'
import type { WorkerReply } from '../util/workers.js'
import { hashZipFile } from './h1.js'
import { hashAndExtract, type UnzipRequest, type UnzipResult } from './unzip.js'
import { ZipFormatError } from './zip.js'

export type ZipTask = { op: 'hash'; zip: string } | ({ op: 'unzip' } & UnzipRequest)
export type ZipOutcome = UnzipResult | { corrupt: string }

export async function runZipTask(task: ZipTask): Promise<ZipOutcome> {
  try {
    if (task.op === 'hash') return { hash: await hashZipFile(task.zip) }
    return await hashAndExtract(task)
  } catch (err) {
    if (err instanceof ZipFormatError) return { corrupt: err.message }
    throw err
  }
}

export function serveZipTasks(): void {
  const port = parentPort
  if (!port) throw new Error('the zip worker runs as a worker thread')
  port.on('message', ({ id, request }: { id: number; request: ZipTask }) => {
    runZipTask(request).then(
      value => port.postMessage({ id, ok: true, value } satisfies WorkerReply<ZipOutcome>),
      (err: Error) => port.postMessage({ id, ok: false, message: err.message } satisfies WorkerReply<ZipOutcome>)
    )
  })
}
