/**
 * How a backup is stored on disk. The newest backup is a plain SQLite file (`redvest-….sqlite`, ready to copy to a
 * USB stick or to put back at start-up without any step); every older one is the same file compressed with
 * Brotli (`redvest-….sqlite.br`, about a quarter of the size at city scale), so the 7 daily copies, the weekly
 * ones and the few others fit in under 4× the database. Everything else (listing, restore, rotation, erasure)
 * names a backup by its plain name and reads it through here.
 *
 * A compressed copy counts only once it has been read back and found to be byte-for-byte the plain file (same
 * SHA-256); the plain file is removed only then. Compression runs in the backups folder's queue, after the
 * backup that made the older copy "older"; an erasure rewriting backups meanwhile (it runs synchronously,
 * outside the queue) bumps the folder's epoch and a compression that overlapped it is thrown away and redone.
 */
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, createWriteStream, existsSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { brotliCompressSync, brotliDecompressSync, constants, createBrotliCompress, createBrotliDecompress } from 'node:zlib'

export const COMPRESSED = '.br'

/** Quality 5: at city scale (200 MB) a quarter of the size in ~4 s; quality 6 and up gain 2% for twice the time. */
const brotliOptions = (size: number): { params: Record<number, number> } => ({
  params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_LGWIN]: 22, [constants.BROTLI_PARAM_SIZE_HINT]: size }
})

/** Where the backup called `name` (its plain name) is on disk: the plain file, else its compressed form; null if neither. */
export function storedFile(dir: string, name: string): { file: string; compressed: boolean } | null {
  const plain = join(dir, name)
  if (existsSync(plain)) return { file: plain, compressed: false }
  if (existsSync(plain + COMPRESSED)) return { file: plain + COMPRESSED, compressed: true }
  return null
}

/** Both forms of a backup, for removing it. */
export const storedForms = (dir: string, name: string): string[] => [join(dir, name), join(dir, name + COMPRESSED)]

// ---------- who rewrote the folder meanwhile ----------

const epochs = new Map<string, number>()
const epochOf = (dir: string): number => epochs.get(dir) ?? 0
/** Called before backups in `dir` are rewritten in place (erasure): compressions under way are redone. */
export function backupsRewritten(dir: string): void {
  epochs.set(dir, epochOf(dir) + 1)
}

// ---------- compressing and expanding ----------

const hashing = (hash: ReturnType<typeof createHash>): Transform =>
  new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      done(null, chunk)
    }
  })

/**
 * Replaces the plain backup file `plain` by its checked compressed form. Returns false (and leaves the plain file)
 * when the folder was rewritten meanwhile; throws when the copy could not be written or did not read back the same.
 */
export async function compressBackup(dir: string, plain: string): Promise<boolean> {
  const epoch = epochOf(dir)
  const part = `${plain}${COMPRESSED}.part`
  try {
    const source = createHash('sha256')
    await pipeline(createReadStream(plain), hashing(source), createBrotliCompress(brotliOptions(statSync(plain).size)), createWriteStream(part))
    const back = createHash('sha256')
    await pipeline(createReadStream(part), createBrotliDecompress(), async (chunks: AsyncIterable<Buffer>) => {
      for await (const c of chunks) back.update(c)
    })
    if (back.digest('hex') !== source.digest('hex')) throw new Error('the compressed copy does not read back the same')
    // (from here to the end nothing yields: an erasure cannot run in between)
    if (epochOf(dir) !== epoch || !existsSync(plain)) {
      rmSync(part, { force: true })
      return false
    }
    renameSync(part, plain + COMPRESSED)
    rmSync(plain, { force: true })
    return true
  } catch (e) {
    rmSync(part, { force: true })
    throw e
  }
}

/** Writes the backup's database file to `target` (decompressing a compressed one). */
export async function expandBackup(stored: { file: string; compressed: boolean }, target: string): Promise<void> {
  if (!stored.compressed) {
    await pipeline(createReadStream(stored.file), createWriteStream(target))
    return
  }
  await pipeline(createReadStream(stored.file), createBrotliDecompress(), createWriteStream(target))
}

/** The same, synchronously (start-up restore and erasure, which run outside the event loop's turns). */
export function expandBackupSync(stored: { file: string; compressed: boolean }, target: string): void {
  writeFileSync(target, stored.compressed ? brotliDecompressSync(readFileSync(stored.file)) : readFileSync(stored.file))
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')
/** An uploaded backup expands to at most this: a city's database is ~250 MB, and a crafted file must not fill the disk. */
const MAX_EXPANDED = 2 * 1024 ** 3

/**
 * Writes a file the clerk picked to `target` as a plain database: as it is when it is one, else expanded when it is a
 * compressed copy taken from the backups folder (`….sqlite.br`). Returns false when it is neither.
 */
export async function writeUpload(bytes: Buffer, target: string, maxExpanded = MAX_EXPANDED): Promise<boolean> {
  if (bytes.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    writeFileSync(target, bytes)
    return true
  }
  let written = 0
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      written += chunk.length
      done(written > maxExpanded ? new Error('too large') : null, chunk)
    }
  })
  try {
    await pipeline(Readable.from([bytes]), createBrotliDecompress(), limit, createWriteStream(target))
  } catch {
    return false
  }
  const head = Buffer.alloc(SQLITE_HEADER.length)
  const fd = openSync(target, 'r')
  try {
    readSync(fd, head, 0, head.length, 0)
  } finally {
    closeSync(fd)
  }
  return head.equals(SQLITE_HEADER)
}

/** A backup's database file as bytes (the clerk's download). */
export async function backupBytes(stored: { file: string; compressed: boolean }): Promise<Buffer> {
  if (!stored.compressed) return readFileSync(stored.file)
  const chunks: Buffer[] = []
  await pipeline(createReadStream(stored.file), createBrotliDecompress(), async (source: AsyncIterable<Buffer>) => {
    for await (const c of source) chunks.push(c)
  })
  return Buffer.concat(chunks)
}

/** Compresses the plain file `plain` into `target` synchronously (erasure's rewrite of a compressed backup). */
export function compressBackupSync(plain: string, target: string): void {
  const bytes = readFileSync(plain)
  const packed = brotliCompressSync(bytes, brotliOptions(bytes.length))
  if (!brotliDecompressSync(packed).equals(bytes)) throw new Error('the compressed copy does not read back the same')
  writeFileSync(target, packed)
}
