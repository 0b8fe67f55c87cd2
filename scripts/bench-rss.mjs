// Runs the bundled CLI and reports its peak resident memory on stderr when it exits.
// VmHWM is the high-water mark of this process's own address space; getrusage's maxRSS
// was seen to carry the go child's figure (668 MB reported while rss never passed 65 MB).
import { readFileSync } from 'node:fs'
process.on('exit', () => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  process.stderr.write(`bench-maxrss-kb ${hwm ? hwm[1] : process.resourceUsage().maxRSS}\n`)
})
await import('../dist/cli/index.js')
