/**
 * Reading the small text inputs (corpus specs, labels CSVs) the same way everywhere: a leading
 * UTF-8 byte order mark is dropped, and a missing file or a folder in its place is named.
 * @module
 */

/**
 * Reads a UTF-8 text file, without a leading byte order mark.
 * @param path the file
 * @param what what the file is, for messages (`corpus spec`, `labels CSV`)
 * @param shownAs the file as the user wrote it, when `path` is resolved from it
 * @returns the text
 * @throws {Deno.errors.NotFound} naming the file when it does not exist
 * @throws {Deno.errors.IsADirectory} naming the path when it is a folder
 */
export async function _readTextFile(path: string, what: string, shownAs?: string): Promise<string> {
  const named = shownAs === undefined || shownAs === path ? `'${path}'` : `'${shownAs}' (${path})`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      const What = what.charAt(0).toUpperCase() + what.slice(1);
      throw new Deno.errors.NotFound(`${What} ${named} does not exist`);
    }
    if (err instanceof Deno.errors.IsADirectory) {
      throw new Deno.errors.IsADirectory(
        `Expected a ${what} file, found the directory ${named}`,
      );
    }
    throw err;
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
