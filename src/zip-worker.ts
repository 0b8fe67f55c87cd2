import { serveZipTasks } from './proxy/zip-worker.js'
serveZipTasks()
