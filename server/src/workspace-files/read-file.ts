import { closeSync, constants, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { describe } from './walk';

/**
 * How a file's bytes became text. `utf8`: valid UTF-8 (a BOM is kept as U+FEFF), written back as UTF-8,
 * byte for byte. `latin1`: not valid UTF-8, so each byte became the one character of the same code
 * (0–255); positions stay right for messages, and encoding the text back as latin1 gives the very same
 * bytes, so an edit changes only its own bytes.
 */
export type TextEncoding = 'utf8' | 'latin1';

export type ReadResult =
  | { ok: true; text: string; encoding: TextEncoding; bytes: number }
  | { ok: false; reason: 'size' | 'unreadable' | 'not-regular'; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a build file for analysis: never blocks on a FIFO (opened non-blocking, then checked to be a
 * regular file), refuses files larger than `maxBytes`, and says why in one line when it cannot.
 */
export function readTextFile(path: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot read: ${describe(err)}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, reason: 'not-regular', message: 'not a regular file (FIFO, socket or device); not read' };
    if (st.size > maxBytes) return { ok: false, reason: 'size', message: `larger than ${maxBytes} bytes (${st.size}); not analysed` };
    const bytes = Buffer.alloc(st.size);
    let n = 0;
    while (n < bytes.length) {
      const got = readSync(fd, bytes, n, bytes.length - n, n);
      if (got === 0) break;
      n += got;
    }
    return { ok: true, ...decode(bytes.subarray(0, n)), bytes: n };
  } catch (err) {
    return { ok: false, reason: 'unreadable', message: `cannot read: ${describe(err)}` };
  } finally {
    closeSync(fd);
  }
}

/** UTF-8 when the bytes are valid UTF-8, else latin1 (one character per byte). */
export function decode(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  try {
    return { text: utf8.decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'latin1' };
  }
}

/**
 * The bytes of `text` in the file's encoding, or undefined when a latin1 file's new text holds a
 * character that has no byte of its own (an edit that would change bytes it does not own).
 */
export function encode(text: string, encoding: TextEncoding): Buffer | undefined {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return undefined;
  return Buffer.from(text, 'latin1');
}

/** Writes the bytes over the file in place (same inode and mode); the error in one line when it cannot. */
export function writeBytes(path: string, bytes: Buffer): string | undefined {
  try {
    writeFileSync(path, bytes);
    return undefined;
  } catch (err) {
    return `cannot write: ${describe(err)}`;
  }
}
