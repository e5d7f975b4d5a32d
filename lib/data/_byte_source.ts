/**
 * Byte sources for the streaming readers: a plain file read straight into the caller's buffer,
 * or a gzip file decompressed on the fly with `DecompressionStream("gzip")`. Neither holds more
 * than one chunk of the file in memory.
 * @module
 */

import { DataFileError } from "./errors.ts";

/** A pull-based stream of bytes. */
export interface _ByteSource {
  /**
   * Fills `into` from the start with the next bytes.
   * @returns the number of bytes written, or `null` at the end of the stream
   */
  read(into: Uint8Array): Promise<number | null>;
  /** Releases the file handle; safe to call twice. */
  close(): void;
  /** Best estimate of the total number of (decompressed) bytes the stream will give. */
  readonly sizeHint: number;
  /** Bytes of the underlying file consumed so far (compressed bytes for gzip). */
  readonly fileBytesRead: number;
  /** Size of the underlying file in bytes. */
  readonly fileBytes: number;
}

/**
 * Opens `path` as a byte source; gzip files (recognised by their magic bytes, whatever their
 * name) are decompressed.
 * @param path the file to read
 * @returns an open source; the caller closes it
 */
export async function _openByteSource(path: string): Promise<_ByteSource> {
  const file = await Deno.open(path, { read: true });
  try {
    const size = (await file.stat()).size;
    const magic = new Uint8Array(2);
    const got = size >= 2 ? await file.read(magic) : 0;
    await file.seek(0, Deno.SeekMode.Start);
    const gzip = got === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
    if (!gzip) return new _PlainSource(file, size);
    const hint = await _gzipSizeHint(file, size);
    return new _GzipSource(path, file, size, hint);
  } catch (err) {
    file.close();
    throw err;
  }
}

async function _gzipSizeHint(file: Deno.FsFile, size: number): Promise<number> {
  // The gzip trailer's ISIZE is the uncompressed length modulo 2^32 (of the last member).
  if (size < 18) return size;
  const tail = new Uint8Array(4);
  await file.seek(size - 4, Deno.SeekMode.Start);
  let got = 0;
  while (got < 4) {
    const n = await file.read(tail.subarray(got));
    if (n === null) break;
    got += n;
  }
  await file.seek(0, Deno.SeekMode.Start);
  if (got < 4) return size * 4;
  const isize = new DataView(tail.buffer).getUint32(0, true);
  return isize >= size ? isize : size * 4;
}

class _PlainSource implements _ByteSource {
  #file: Deno.FsFile | null;
  readonly sizeHint: number;
  readonly fileBytes: number;
  fileBytesRead = 0;

  constructor(file: Deno.FsFile, size: number) {
    this.#file = file;
    this.sizeHint = size;
    this.fileBytes = size;
  }

  async read(into: Uint8Array): Promise<number | null> {
    if (this.#file === null) return null;
    const n = await this.#file.read(into);
    if (n !== null) this.fileBytesRead += n;
    return n;
  }

  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}

class _GzipSource implements _ByteSource {
  readonly #path: string;
  #file: Deno.FsFile | null;
  #reader: ReadableStreamDefaultReader<Uint8Array>;
  #pending: Uint8Array | null = null;
  readonly sizeHint: number;
  readonly fileBytes: number;
  #counted = 0;

  constructor(path: string, file: Deno.FsFile, size: number, hint: number) {
    this.#path = path;
    this.#file = file;
    this.sizeHint = hint;
    this.fileBytes = size;
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        this.#counted += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    this.#reader = file.readable.pipeThrough(counter)
      .pipeThrough(new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>)
      .getReader();
  }

  get fileBytesRead(): number {
    return this.#counted;
  }

  async read(into: Uint8Array): Promise<number | null> {
    let chunk = this.#pending;
    this.#pending = null;
    while (chunk === null || chunk.byteLength === 0) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await this.#reader.read();
      } catch (err) {
        this.#file = null; // the errored pipe has released the file
        throw new DataFileError(
          this.#path,
          null,
          `expected gzip data, found a corrupt or truncated stream after ${this.#counted} bytes (${
            err instanceof Error ? err.message : String(err)
          })`,
        );
      }
      if (next.done) return null;
      chunk = next.value;
    }
    if (chunk.byteLength <= into.byteLength) {
      into.set(chunk);
      return chunk.byteLength;
    }
    into.set(chunk.subarray(0, into.byteLength));
    this.#pending = chunk.subarray(into.byteLength);
    return into.byteLength;
  }

  close(): void {
    if (this.#file === null) return;
    this.#file = null;
    // Cancelling the reader cancels the pipe, which closes the file's readable side.
    this.#reader.cancel().catch(() => {});
  }
}
