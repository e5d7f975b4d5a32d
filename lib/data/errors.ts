/**
 * The error raised for malformed feature, label and spec files: it names the file and, where
 * there is one, the line, so that a message reads `emodb.arff:1590: expected 1584 values,
 * found 1583`.
 * @module
 */

/** A problem in an input file, located by file and (1-based) line. */
export class DataFileError extends Error {
  /** The file as the caller named it. */
  readonly file: string;
  /** 1-based line number, or `null` when the problem is not on one line. */
  readonly line: number | null;

  /**
   * @param file the file as the caller named it
   * @param line 1-based line number, or `null` when the problem concerns the whole file
   * @param detail what was expected and what was found, sentence case, no trailing period
   */
  constructor(file: string, line: number | null, detail: string) {
    super(line === null ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
    this.name = "DataFileError";
    this.file = file;
    this.line = line;
  }
}
