// GOPROXY requests on undici: many in flight over kept-alive connections (HTTP/2 where
// the proxy offers it), idle deadlines so a stalled response cannot hang us, redirects,
// the proxies of HTTPS_PROXY/NO_PROXY, go's netrc credentials and SSL_CERT_FILE, and
// retries with full jitter for transient failures only, honouring Retry-After.
import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import { pipeline } from 'node:stream/promises'
import { EnvHttpProxyAgent, interceptors, request, type Dispatcher } from 'undici'
import { backoffDelay, type BackoffPolicy } from '../util/backoff.js'
import { authorizationFor, type NetrcEntry } from './netrc.js'

export interface ClientOptions {
  /** Requests in flight at once, and connections per origin. */
  concurrency: number
  /** A response that sends nothing for this long is abandoned (and retried). */
  idleTimeoutMs: number
  /** Attempts per request, the first included. */
  attempts: number
  backoff: BackoffPolicy
  netrc: NetrcEntry[]
  env: NodeJS.ProcessEnv
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

/** Why a request failed, in the terms the prefetcher decides on. */
export class FetchError extends Error {
  constructor(
    readonly url: string,
    /** HTTP status, when there was a response. */
    readonly status: number | undefined,
    readonly transient: boolean,
    message: string
  ) {
    super(message)
    this.name = 'FetchError'
  }
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504])

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header
  if (!v) return undefined
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now())
}

const defaultSleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))

export class ProxyClient {
  private readonly dispatcher: Dispatcher
  private readonly sleep: (ms: number) => Promise<void>
  /** Requests made, retries included: for reports and tests. */
  requests = 0
  retries = 0

  constructor(private readonly options: ClientOptions) {
    const caFile = options.env.SSL_CERT_FILE
    let ca: string[] | undefined
    if (caFile) {
      try {
        // go trusts SSL_CERT_FILE; so do we, beside the usual roots.
        ca = [...rootCertificates, readFileSync(caFile, 'utf8')]
      } catch {
        ca = undefined
      }
    }
    this.dispatcher = new EnvHttpProxyAgent({
      httpProxy: options.env.HTTP_PROXY ?? options.env.http_proxy,
      httpsProxy: options.env.HTTPS_PROXY ?? options.env.https_proxy,
      noProxy: options.env.NO_PROXY ?? options.env.no_proxy,
      connections: options.concurrency,
      allowH2: true,
      keepAliveTimeout: 30_000,
      headersTimeout: options.idleTimeoutMs,
      bodyTimeout: options.idleTimeoutMs,
      connect: ca ? { ca } : undefined
    }).compose(interceptors.redirect({ maxRedirections: 5 }))
    this.sleep = options.sleep ?? defaultSleep
  }

  async close(): Promise<void> {
    await this.dispatcher.close()
  }

  /** The body as bytes: for .info and .mod, which are small. */
  async fetchBytes(url: string): Promise<Buffer> {
    return this.withRetries(url, async res => Buffer.from(await res.body.arrayBuffer()))
  }

  /** The body streamed into `file` (created or truncated per attempt); the byte count. */
  async fetchToFile(url: string, file: string): Promise<number> {
    return this.withRetries(url, async res => {
      await pipeline(res.body, createWriteStream(file))
      const bytes = (await stat(file)).size
      const expected = Number(res.headers['content-length'])
      if (Number.isFinite(expected) && expected !== bytes) throw new Error(`body cut short: ${bytes} of ${expected} bytes`)
      return bytes
    })
  }

  private async withRetries<T>(url: string, read: (res: Dispatcher.ResponseData) => Promise<T>): Promise<T> {
    const auth = authorizationFor(url, this.options.netrc)
    for (let attempt = 1; ; attempt++) {
      this.requests++
      let failure: FetchError
      let wait: number | undefined
      try {
        const res = await request(url, { dispatcher: this.dispatcher, method: 'GET', headers: auth ? { authorization: auth } : {} })
        if (res.statusCode === 200) {
          try {
            return await read(res)
          } catch (err) {
            failure = new FetchError(url, 200, true, `reading ${url}: ${(err as Error).message}`)
          }
        } else {
          await res.body.dump().catch(() => undefined)
          failure = new FetchError(url, res.statusCode, TRANSIENT_STATUS.has(res.statusCode), `reading ${url}: ${res.statusCode}`)
          if (res.statusCode === 429 || res.statusCode === 503) wait = retryAfterMs(res.headers['retry-after'])
        }
      } catch (err) {
        failure = new FetchError(url, undefined, true, `${url}: ${(err as Error).message}`)
      }
      if (!failure.transient || attempt >= this.options.attempts) throw failure
      this.retries++
      const jitter = backoffDelay(attempt, this.options.backoff, this.options.random)
      await this.sleep(wait !== undefined ? Math.max(wait, jitter) : jitter)
    }
  }
}
