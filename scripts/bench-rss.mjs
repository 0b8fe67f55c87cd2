// Runs the bundled CLI and reports its peak resident memory on stderr when it exits.
process.on('exit', () => process.stderr.write(`bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`))
await import('../dist/cli/index.js')
