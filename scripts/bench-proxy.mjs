// A GOPROXY for benchmarks, in its own process: serves a module cache's cache/download
// (which has the GOPROXY layout) with added latency per request and one bandwidth cap
// shared by all responses. Prints its URL on stdout.
import { createReadStream, statSync } from 'node:fs'
import http from 'node:http'
import { join, normalize } from 'node:path'

const [root, latencyMs = '50', mbPerSecond = '50'] = process.argv.slice(2)
const rate = Number(mbPerSecond) * 1e6
let nextFree = 0
const sleep = ms => new Promise(r => setTimeout(r, ms))

/** Waits for this chunk's share of the bandwidth. */
async function pace(bytes) {
  const now = Date.now()
  const start = Math.max(now, nextFree)
  nextFree = start + (bytes / rate) * 1000
  if (nextFree - now > 1) await sleep(nextFree - now)
}

const server = http.createServer(async (req, res) => {
  await sleep(Number(latencyMs))
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '')
  const file = join(root, path)
  let size
  try {
    const s = statSync(file)
    if (!s.isFile()) throw new Error('not a file')
    size = s.size
  } catch {
    res.writeHead(404)
    res.end('not found\n')
    return
  }
  res.writeHead(200, { 'content-length': size })
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    await pace(chunk.length)
    if (!res.write(chunk)) await new Promise(r => res.once('drain', r))
  }
  res.end()
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${server.address().port}`))
