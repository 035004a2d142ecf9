/**
 * The text of a price file's bytes: UTF-16 by its byte-order mark (Excel's 'Unicode Text' and some
 * exports write it, and read as UTF-8 it is refused as binary), else UTF-8 with its byte-order mark kept
 * (the parsers drop it). One decoding for the CLI's reader and the lab's file input, so both read a file alike.
 */
export function decodePriceBytes(bytes: Uint8Array): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  return new TextDecoder(utf16 ?? 'utf-8', { ignoreBOM: utf16 === null }).decode(bytes);
}
