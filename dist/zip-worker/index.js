import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./src/proxy/zip.ts
// Reading module zips from disk without loading them: the central directory, then each
// entry's bytes on demand (inflated when deflated). Module zips reach 500 MB. The reads
// are synchronous: this runs on the zip worker threads (zip-pool.ts), one zip per thread.


class ZipFormatError extends Error {
    constructor(file, message) {
        super(`${file}: not a valid zip file: ${message}`);
        this.name = 'ZipFormatError';
    }
}
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1 << 20;
/** Entries up to this size are read and inflated in one piece; larger ones stream. */
const WHOLE = 4 << 20;
/** Reads up to `length` bytes at `position` into `buf`; how many there were. */
function readInto(fd, buf, position, length) {
    let done = 0;
    while (done < length) {
        const n = (0,external_node_fs_namespaceObject.readSync)(fd, buf, done, length - done, position + done);
        if (n === 0)
            break;
        done += n;
    }
    return done;
}
function readAt(fd, position, length) {
    const buf = Buffer.allocUnsafe(length);
    return buf.subarray(0, readInto(fd, buf, position, length));
}
/**
 * Window buffers, kept for the next zip the thread reads. Garbage, not live data, is
 * what costs memory here: V8 frees dead buffers only once tens of MB have piled up.
 */
const spareWindows = [];
const takeWindow = () => spareWindows.pop() ?? Buffer.allocUnsafe(WHOLE);
function giveBackWindow(window) {
    if (window.length === WHOLE && spareWindows.length < 2)
        spareWindows.push(window);
}
const streamed = (entry) => entry.compressedSize > WHOLE || entry.size > WHOLE;
function u64(buf, at) {
    const v = buf.readBigUInt64LE(at);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
        throw new RangeError('zip64 value too large');
    return Number(v);
}
/** The central directory: every entry's name, method, sizes and where its data starts. */
function readEntries(fd, file) {
    const size = (0,external_node_fs_namespaceObject.fstatSync)(fd).size;
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = readAt(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0)
        throw new ZipFormatError(file, 'no end of central directory');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
        const locatorAt = size - tailLength + eocd - 20;
        const locator = readAt(fd, locatorAt, 20);
        if (locator.length < 20 || locator.readUInt32LE(0) !== ZIP64_LOCATOR)
            throw new ZipFormatError(file, 'missing zip64 locator');
        const record = readAt(fd, u64(locator, 8), 56);
        if (record.readUInt32LE(0) !== ZIP64_EOCD)
            throw new ZipFormatError(file, 'bad zip64 end record');
        count = u64(record, 32);
        cdSize = u64(record, 40);
        cdOffset = u64(record, 48);
    }
    const cd = readAt(fd, cdOffset, cdSize);
    if (cd.length < cdSize)
        throw new ZipFormatError(file, 'central directory cut short');
    const entries = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
            throw new ZipFormatError(file, `bad central directory entry ${n}`);
        const nameLen = cd.readUInt16LE(p + 28);
        const extraLen = cd.readUInt16LE(p + 30);
        const commentLen = cd.readUInt16LE(p + 32);
        const entry = {
            name: Buffer.from(cd.subarray(p + 46, p + 46 + nameLen)),
            method: cd.readUInt16LE(p + 10),
            crc32: cd.readUInt32LE(p + 16),
            compressedSize: cd.readUInt32LE(p + 20),
            size: cd.readUInt32LE(p + 24),
            localHeaderOffset: cd.readUInt32LE(p + 42)
        };
        // zip64 extra field: only the values saturated in the fixed fields are present, in this order.
        let e = p + 46 + nameLen;
        const extraEnd = e + extraLen;
        while (e + 4 <= extraEnd) {
            const id = cd.readUInt16LE(e);
            const len = cd.readUInt16LE(e + 2);
            if (id === 0x0001) {
                let q = e + 4;
                if (entry.size === 0xffffffff)
                    (entry.size = u64(cd, q)), (q += 8);
                if (entry.compressedSize === 0xffffffff)
                    (entry.compressedSize = u64(cd, q)), (q += 8);
                if (entry.localHeaderOffset === 0xffffffff)
                    entry.localHeaderOffset = u64(cd, q);
            }
            e += 4 + len;
        }
        entries.push(entry);
        p = extraEnd + commentLen;
    }
    return entries;
}
/**
 * An open module zip. Entries lie one after another, so reading them in file order
 * through one 4 MiB window costs most of them no read of their own (zips of thousands
 * of small files made per-entry reads the bottleneck).
 */
class ZipFile {
    file;
    fd;
    entries;
    windowStart = 0;
    windowLength = 0;
    window = Buffer.alloc(0);
    constructor(file, fd) {
        this.file = file;
        this.fd = fd;
        this.entries = readEntries(fd, file);
    }
    static open(file) {
        const fd = (0,external_node_fs_namespaceObject.openSync)(file, 'r');
        try {
            return new ZipFile(file, fd);
        }
        catch (err) {
            (0,external_node_fs_namespaceObject.closeSync)(fd);
            throw err;
        }
    }
    close() {
        (0,external_node_fs_namespaceObject.closeSync)(this.fd);
        giveBackWindow(this.window);
        this.window = Buffer.alloc(0);
    }
    /** The entries in the order their data lies in the file. */
    inFileOrder() {
        return [...this.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
    }
    /** Whether any entry is too large to inflate in one piece, and streams. */
    get streams() {
        return this.entries.some(streamed);
    }
    /** Up to `length` (at most 4 MiB) bytes at `position`, as a view into the window: valid until the next read. */
    read(position, length) {
        if (position < this.windowStart || position + length > this.windowStart + this.windowLength) {
            if (this.window.length === 0)
                this.window = takeWindow();
            this.windowStart = position;
            this.windowLength = readInto(this.fd, this.window, position, WHOLE);
        }
        const at = position - this.windowStart;
        return this.window.subarray(at, Math.min(at + length, this.windowLength));
    }
    dataStart(entry) {
        const header = this.read(entry.localHeaderOffset, 30);
        if (header.length < 30 || header.readUInt32LE(0) !== LOCAL)
            throw new ZipFormatError(this.file, `bad local header for ${entry.name.toString()}`);
        return entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    }
    /**
     * The entry's uncompressed bytes, in chunks: one chunk for entries up to 4 MiB, a
     * stream of 1 MiB chunks for larger ones, so a 500 MB entry never sits in memory.
     */
    async *chunks(entry) {
        if (entry.method !== 0 && entry.method !== 8)
            throw new ZipFormatError(this.file, `unsupported compression method ${entry.method} for ${entry.name.toString()}`);
        if (entry.compressedSize === 0 && entry.size === 0)
            return;
        const start = this.dataStart(entry);
        if (!streamed(entry)) {
            const data = this.read(start, entry.compressedSize);
            if (data.length !== entry.compressedSize)
                throw new ZipFormatError(this.file, `${entry.name.toString()} is cut short`);
            if (entry.method === 0) {
                yield data;
                return;
            }
            try {
                // Sized to the entry: one allocation, no concatenation.
                yield (0,external_node_zlib_namespaceObject.inflateRawSync)(data, { chunkSize: Math.max(64, entry.size) });
            }
            catch (err) {
                throw new ZipFormatError(this.file, `${entry.name.toString()}: ${err.message}`);
            }
            return;
        }
        // Large chunks: the per-chunk cost, not the bytes, is what made small reads slow.
        const raw = (0,external_node_fs_namespaceObject.createReadStream)(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK });
        const body = entry.method === 0 ? raw : raw.pipe((0,external_node_zlib_namespaceObject.createInflateRaw)({ chunkSize: CHUNK }));
        // pipe() does not pass a read error on.
        if (body !== raw)
            raw.once('error', err => body.destroy(err));
        try {
            for await (const chunk of body)
                yield chunk;
        }
        catch (err) {
            throw new ZipFormatError(this.file, `${entry.name.toString()}: ${err.message}`);
        }
        finally {
            raw.destroy();
            body.destroy();
        }
    }
}

;// CONCATENATED MODULE: ./src/proxy/h1.ts
// go's `h1:` hashes (golang.org/x/mod/sumdb/dirhash Hash1): base64 of the SHA-256 of a
// summary with one line per file, "<hex sha256 of its bytes>  <name>\n", the files in
// byte order of their names. For a zip, the names are the entry names as stored
// (directory entries hash as empty); for go.mod, one file named "go.mod".




function summaryHash(lines) {
    const sorted = [...lines].sort((a, b) => Buffer.compare(a.name, b.name));
    const summary = (0,external_node_crypto_namespaceObject.createHash)('sha256');
    for (const l of sorted) {
        if (l.name.includes(0x0a))
            throw new Error(`file name with a newline: ${JSON.stringify(l.name.toString())}`);
        summary.update(`${l.hex}  `);
        summary.update(l.name);
        summary.update('\n');
    }
    return 'h1:' + summary.digest('base64');
}
/** h1 of a go.mod file's bytes, as go.sum's `/go.mod` lines record it. */
function hashGoMod(content) {
    return summaryHash([{ name: Buffer.from('go.mod'), hex: createHash('sha256').update(content).digest('hex') }]);
}
async function hashGoModFile(file) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
        h.update(chunk);
    return summaryHash([{ name: Buffer.from('go.mod'), hex: h.digest('hex') }]);
}
/**
 * h1 of a module zip on disk, entry by entry, checking each entry's CRC-32 and size as
 * go's zip reader does: at most a 4 MiB window and one 4 MiB entry in memory. With a
 * sink, every entry's bytes also go to it, so hashing and extracting inflate once.
 */
async function hashZipFile(file, sink) {
    const zip = ZipFile.open(file);
    try {
        return await hashZip(zip, sink);
    }
    finally {
        zip.close();
    }
}
async function hashZip(zip, sink) {
    const lines = [];
    // In file order, so the window moves forward only.
    for (const entry of zip.inFileOrder()) {
        const h = (0,external_node_crypto_namespaceObject.createHash)('sha256');
        let crc = 0;
        let size = 0;
        for await (const chunk of zip.chunks(entry)) {
            h.update(chunk);
            crc = (0,external_node_zlib_namespaceObject.crc32)(chunk, crc);
            size += chunk.length;
            sink?.write(entry, chunk);
        }
        if (size !== entry.size)
            throw new ZipFormatError(zip.file, `${entry.name.toString()} holds ${size} bytes, its header says ${entry.size}`);
        if (crc !== entry.crc32)
            throw new ZipFormatError(zip.file, `checksum error in ${entry.name.toString()}`);
        sink?.end(entry);
        lines.push({ name: entry.name, hex: h.digest('hex') });
    }
    return summaryHash(lines);
}

;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/util/fs.ts
// File-system helpers whose guarantees the cache relies on.




/** A name beside `path` for writing before an atomic rename onto it. */
function tempSibling(path) {
    return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}
/** Readers see the old content or the new, never a half-written file. */
async function writeFileAtomic(path, data, mode = 0o644) {
    const tmp = tempSibling(path);
    try {
        await writeFile(tmp, data, { mode });
        await rename(tmp, path);
    }
    catch (err) {
        await rm(tmp, { force: true });
        throw err;
    }
}
/** Every regular file below `root`, as '/'-separated paths relative to it; a missing root is empty. */
async function listFiles(root) {
    const out = [];
    const walk = async (dir, rel) => {
        for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory())
                await walk(join(dir, e.name), r);
            else if (e.isFile())
                out.push(r);
        }
    };
    await walk(root, '');
    return out;
}
/** Regular files and their total size below `dir`; a missing dir is empty. */
async function treeStats(dir) {
    const stats = { files: 0, bytes: 0 };
    for (const f of await listFiles(dir)) {
        stats.files++;
        stats.bytes += (await lstat(join(dir, f))).size;
    }
    return stats;
}
/** Whether `path` is a regular file (following links), as go's own checks of the cache ask. */
async function isFile(path) {
    return stat(path).then(s => s.isFile(), () => false);
}
async function exists(path) {
    try {
        await lstat(path);
        return true;
    }
    catch {
        return false;
    }
}
/** Removes a tree that may hold read-only directories, as go's module trees do; a missing tree is fine. */
function removeTree(dir) {
    const writable = (d) => {
        try {
            (0,external_node_fs_namespaceObject.chmodSync)(d, 0o755);
        }
        catch {
            return;
        }
        for (const e of (0,external_node_fs_namespaceObject.readdirSync)(d, { withFileTypes: true }))
            if (e.isDirectory())
                writable((0,external_node_path_namespaceObject.join)(d, e.name));
    };
    writable(dir);
    (0,external_node_fs_namespaceObject.rmSync)(dir, { recursive: true, force: true });
}

;// CONCATENATED MODULE: ./src/proxy/unzip.ts
// Extracting a module zip into go's module directory in the same pass that hashes it,
// so the final `go mod download` finds the module ready and only the verified bytes
// are written. go's own rules (cmd/go/internal/modfetch unzip, golang.org/x/mod/zip
// Unzip and checkZip): files 0444, no directory entries, directories read-only unless
// -modcacherw. A zip go would refuse to extract is left to go, which says why.
// The tree is built under `<dir>.tmp-<random>` and renamed into place only after the
// hash matched go.sum: go never sees a partial tree (it still removes such leftovers
// itself, a name it used before Go 1.16).






/** golang.org/x/mod/zip limits. */
const MAX_TOTAL = 500 << 20;
const MAX_GO_MOD = 16 << 20;
const MAX_LICENSE = 16 << 20;
const WINDOWS_RESERVED = new Set(['con', 'prn', 'aux', 'nul', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap(n => [`com${n}`, `lpt${n}`])]);
const ASCII_OK = /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/;
const LETTER = /^\p{L}$/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Why an element of a file path is one go rejects (module.CheckFilePath), or undefined. */
function elementProblem(elem) {
    if (elem === '')
        return 'empty path element';
    if (/^\.+$/.test(elem))
        return `invalid path element ${JSON.stringify(elem)}`;
    if (elem.endsWith('.'))
        return 'trailing dot in path element';
    for (const ch of elem) {
        if (ch.charCodeAt(0) < 0x80 ? !ASCII_OK.test(ch) : !LETTER.test(ch))
            return `invalid char ${JSON.stringify(ch)}`;
    }
    const short = elem.split('.')[0].toLowerCase();
    if (WINDOWS_RESERVED.has(short))
        return `${JSON.stringify(short)} disallowed as path element component on Windows`;
    return undefined;
}
/**
 * Folded for case-insensitive comparison. Folds at least as much as go's (upper, then
 * lower, catches ſ and K too): a collision go would not see only costs us leaving that
 * module to go.
 */
const fold = (s) => s.toUpperCase().toLowerCase();
/**
 * Why go would refuse to extract this zip (checkZip), or undefined. Erring on the side
 * of refusing is harmless: go then extracts the verified zip itself, or reports why not.
 */
function unzipProblem(entries, prefix) {
    const seen = new Map();
    const claim = (p, isDir) => {
        const key = fold(p);
        const other = seen.get(key);
        if (other) {
            if (other.path !== p)
                return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`;
            if (other.isDir !== isDir)
                return `entry ${JSON.stringify(p)} is both a file and a directory`;
            if (!isDir)
                return `multiple entries for file ${JSON.stringify(p)}`;
            return undefined;
        }
        seen.set(key, { path: p, isDir });
        const parent = external_node_path_namespaceObject.posix.dirname(p);
        return parent === '.' ? undefined : claim(parent, true);
    };
    let total = 0;
    for (const entry of entries) {
        let name;
        try {
            name = utf8.decode(entry.name);
        }
        catch {
            return 'a file name is not valid UTF-8';
        }
        if (!name.startsWith(prefix))
            return `${JSON.stringify(name)} does not have prefix ${JSON.stringify(prefix)}`;
        let rel = name.slice(prefix.length);
        if (rel === '')
            continue;
        const isDir = rel.endsWith('/');
        if (isDir)
            rel = rel.slice(0, -1);
        if (external_node_path_namespaceObject.posix.normalize(rel) !== rel || rel.startsWith('/'))
            return `${JSON.stringify(name)}: file path is not clean`;
        for (const elem of rel.split('/')) {
            const why = elementProblem(elem);
            if (why)
                return `${JSON.stringify(name)}: ${why}`;
        }
        const collision = claim(rel, isDir);
        if (collision)
            return collision;
        if (isDir)
            continue;
        const base = external_node_path_namespaceObject.posix.basename(rel);
        if (base.toLowerCase() === 'go.mod' && rel !== 'go.mod')
            return `${JSON.stringify(name)}: go.mod file not in module root directory, or not spelled go.mod`;
        total += entry.size;
        if (total > MAX_TOTAL)
            return `total uncompressed size of module contents too large (max size is ${MAX_TOTAL} bytes)`;
        if (rel === 'go.mod' && entry.size > MAX_GO_MOD)
            return 'go.mod file too large';
        if (rel === 'LICENSE' && entry.size > MAX_LICENSE)
            return 'LICENSE file too large';
    }
    return undefined;
}
/** Directories children first, their write bits cleared and the rest (the umask's) kept: go's makeDirsReadOnly. */
function makeDirsReadOnly(dir) {
    for (const e of (0,external_node_fs_namespaceObject.readdirSync)(dir, { withFileTypes: true }))
        if (e.isDirectory())
            makeDirsReadOnly((0,external_node_path_namespaceObject.join)(dir, e.name));
    const mode = (0,external_node_fs_namespaceObject.statSync)(dir).mode & 0o7777;
    if (mode & 0o222)
        (0,external_node_fs_namespaceObject.chmodSync)(dir, mode & ~0o222);
}
/** Writes each entry as a file below `root`, stopping (not throwing) at the first failure, so the hash still completes. */
class TreeWriter {
    root;
    prefixLength;
    failure;
    fd;
    current;
    made = new Set();
    constructor(root, prefixLength) {
        this.root = root;
        this.prefixLength = prefixLength;
    }
    target(entry) {
        const rel = entry.name.subarray(this.prefixLength).toString('utf8');
        return rel === '' || rel.endsWith('/') ? undefined : (0,external_node_path_namespaceObject.join)(this.root, rel);
    }
    open(entry) {
        this.current = entry;
        const dst = this.target(entry);
        if (!dst)
            return;
        const parent = (0,external_node_path_namespaceObject.dirname)(dst);
        if (!this.made.has(parent)) {
            (0,external_node_fs_namespaceObject.mkdirSync)(parent, { recursive: true });
            this.made.add(parent);
        }
        this.fd = (0,external_node_fs_namespaceObject.openSync)(dst, 'wx', 0o444);
    }
    guard(step) {
        if (this.failure)
            return;
        try {
            step();
        }
        catch (err) {
            this.failure = err.message;
            this.abandon();
        }
    }
    closeFile() {
        const fd = this.fd;
        this.fd = undefined;
        if (fd !== undefined)
            (0,external_node_fs_namespaceObject.closeSync)(fd);
    }
    write(entry, chunk) {
        this.guard(() => {
            if (this.current !== entry)
                this.open(entry);
            if (this.fd === undefined)
                return;
            for (let done = 0; done < chunk.length;)
                done += (0,external_node_fs_namespaceObject.writeSync)(this.fd, chunk, done);
        });
    }
    end(entry) {
        this.guard(() => {
            if (this.current !== entry)
                this.open(entry); // an empty file: no chunks came
            this.closeFile();
        });
    }
    abandon() {
        try {
            this.closeFile();
        }
        catch {
            // already failing
        }
    }
}
/** Hashes the zip and, when go would accept it, extracts it beside `dir`. */
async function hashAndExtract(req) {
    const zip = ZipFile.open(req.zip);
    try {
        const prefix = `${req.path}@${req.version}/`;
        const problem = unzipProblem(zip.entries, prefix);
        if (problem)
            return { hash: await hashZip(zip), unextracted: problem };
        const staged = `${req.dir}.tmp-${(0,external_node_crypto_namespaceObject.randomBytes)(6).toString('hex')}`;
        try {
            (0,external_node_fs_namespaceObject.mkdirSync)(staged, { recursive: true });
        }
        catch (err) {
            // No tree then, but the zip still verifies and lands; go says what it makes of the directory.
            return { hash: await hashZip(zip), unextracted: `extracting: ${err.message}` };
        }
        const writer = new TreeWriter(staged, Buffer.byteLength(prefix));
        let keep = false;
        try {
            const hash = await hashZip(zip, writer).finally(() => writer.abandon());
            if (hash !== req.expected)
                return { hash };
            if (writer.failure)
                return { hash, unextracted: `extracting: ${writer.failure}` };
            if (req.readOnly)
                makeDirsReadOnly(staged);
            keep = true;
            return { hash, staged };
        }
        finally {
            if (!keep)
                removeTree(staged);
        }
    }
    finally {
        zip.close();
    }
}

;// CONCATENATED MODULE: ./src/proxy/zip-worker.ts
// The zip worker thread: hashes (and extracts) one zip per task, so zip work runs on
// every core while the main thread keeps the network busy. A zip that does not read
// is an outcome (`corrupt`), not a failure: the prefetch fetches it once more.




async function runZipTask(task) {
    try {
        if (task.op === 'hash')
            return { hash: await hashZipFile(task.zip) };
        return await hashAndExtract(task);
    }
    catch (err) {
        if (err instanceof ZipFormatError)
            return { corrupt: err.message };
        throw err;
    }
}
function serveZipTasks() {
    const port = external_node_worker_threads_namespaceObject.parentPort;
    if (!port)
        throw new Error('the zip worker runs as a worker thread');
    port.on('message', ({ id, request }) => {
        runZipTask(request).then(value => port.postMessage({ id, ok: true, value }), (err) => port.postMessage({ id, ok: false, message: err.message }));
    });
}

;// CONCATENATED MODULE: ./src/zip-worker.ts

serveZipTasks();

