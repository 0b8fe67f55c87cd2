// A throw-away certificate authority for loopback HTTPS servers, made with openssl.
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface TestCa {
  /** PEM file to trust: SSL_CERT_FILE for go, http.sslCAInfo for git. */
  caFile: string
  key: Buffer
  cert: Buffer
}

export async function makeCa(dir: string, names: string[]): Promise<TestCa> {
  const p = (n: string): string => join(dir, n)
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=go-mod-prewarm test CA', '-keyout', p('ca.key'), '-out', p('ca.pem')])
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${names[0]}`, '-keyout', p('server.key'), '-out', p('server.csr')])
  const san = names.map(n => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')
  await writeFile(p('ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`)
  await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', p('ext.cnf'), '-out', p('server.pem')])
  return { caFile: p('ca.pem'), key: await readFile(p('server.key')), cert: await readFile(p('server.pem')) }
}
