// A fixed set of worker threads running one script, for CPU work that would otherwise
// hold the main thread (which also receives the network traffic). Each worker runs one
// task at a time; tasks queue in order. Workers keep the process alive only while busy.
import { Worker, type ResourceLimits } from 'node:worker_threads'

/** What a worker script posts back for each task. */
export type WorkerReply<R> = { id: number; ok: true; value: R } | { id: number; ok: false; message: string }

interface Task<Q, R> {
  id: number
  request: Q
  resolve: (value: R) => void
  reject: (err: Error) => void
}

interface Slot<Q, R> {
  worker: Worker
  task?: Task<Q, R>
}

export class WorkerPool<Q, R> {
  private readonly slots: Slot<Q, R>[] = []
  private readonly queue: Task<Q, R>[] = []
  private nextId = 1
  private closed = false

  constructor(
    private readonly script: string,
    private readonly size: number,
    private readonly resourceLimits?: ResourceLimits
  ) {}

  run(request: Q): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'))
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, resolve, reject })
      this.dispatch()
    })
  }

  /** Stops every worker; queued and running tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true
    for (const t of this.queue.splice(0)) t.reject(new Error('worker pool is closed'))
    await Promise.all(
      this.slots.splice(0).map(async s => {
        s.task?.reject(new Error('worker pool is closed'))
        await s.worker.terminate()
      })
    )
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find(s => !s.task)
      if (!slot && this.slots.length < this.size) slot = this.spawn()
      if (!slot) return
      const task = this.queue.shift()!
      slot.task = task
      slot.worker.ref()
      slot.worker.postMessage({ id: task.id, request: task.request })
    }
  }

  private spawn(): Slot<Q, R> {
    const slot: Slot<Q, R> = { worker: new Worker(this.script, { resourceLimits: this.resourceLimits }) }
    slot.worker.on('message', (reply: WorkerReply<R>) => {
      const task = slot.task
      if (!task || task.id !== reply.id) return
      slot.task = undefined
      slot.worker.unref()
      if (reply.ok) task.resolve(reply.value)
      else task.reject(new Error(reply.message))
      this.dispatch()
    })
    // A worker that dies takes its task with it; a fresh one takes its place.
    const lost = (err: Error): void => {
      const i = this.slots.indexOf(slot)
      if (i < 0) return
      this.slots.splice(i, 1)
      slot.task?.reject(err)
      slot.task = undefined
      if (!this.closed) this.dispatch()
    }
    slot.worker.on('error', lost)
    slot.worker.on('exit', code => lost(new Error(`worker thread exited with code ${code}`)))
    this.slots.push(slot)
    return slot
  }
}
