// A worker script for the WorkerPool tests: doubles numbers, fails, or dies on request.
import { parentPort, threadId } from 'node:worker_threads'

parentPort.on('message', ({ id, request }) => {
  if (request.op === 'exit') process.exit(3)
  if (request.op === 'fail') parentPort.postMessage({ id, ok: false, message: `cannot ${request.what}` })
  else setTimeout(() => parentPort.postMessage({ id, ok: true, value: { doubled: request.n * 2, threadId } }), request.ms ?? 0)
})
