/**
 * Writing a (synthetic) corpus as an openSMILE-style ARFF or CSV file that the data layer's
 * readers load back (`readFeatures`); the label goes into the trailing `class` column. A corpus
 * spec with `"idPattern": "_syn_(?<label>[a-z]+)$"` (or the class column) gives the labels back.
 *
 * Values are written with 9 significant digits, enough to read every float32 back exactly.
 * Writes are atomic: the file is written under a temporary name in the same folder and renamed.
 * @module
 */
import { withAtomicFile, writeAll } from "../_files.ts";
import type { Corpus } from "../data/types.ts";

/** Options of {@linkcode writeCorpus}. */
export interface WriteCorpusOptions {
  /** `arff` (default for any other extension) or `csv` (default for `*.csv`). */
  readonly format?: "arff" | "csv";
}

const UNSAFE = /[',;\n\r\\"{}%]/;

function checkCorpus(corpus: Corpus): void {
  if (corpus.data.length !== corpus.rows * corpus.cols) {
    throw new RangeError(
      `Corpus "${corpus.name}" holds ${corpus.data.length} values, expected ${corpus.rows} × ${corpus.cols}`,
    );
  }
  if (corpus.featureNames.length !== corpus.cols) {
    throw new RangeError(
      `Corpus "${corpus.name}" has ${corpus.featureNames.length} feature names for ${corpus.cols} features`,
    );
  }
  const bad = [...corpus.ids, ...corpus.featureNames, ...corpus.classes].find((s) =>
    UNSAFE.test(s) || s.length === 0 || /\s/.test(s)
  );
  if (bad !== undefined) {
    throw new RangeError(
      `Cannot write "${bad}" of corpus "${corpus.name}": names must be non-empty, without spaces, quotes or ,;{}%\\`,
    );
  }
}

function value(v: number): string {
  return v.toExponential(8);
}

/**
 * Writes a corpus to `path` as ARFF (openSMILE layout: `name` string attribute, numeric features,
 * a nominal `class` attribute holding the class name when the corpus is labelled) or as CSV
 * (openSMILE's `;`-separated layout with a header, `frameTime` 0 and a trailing `class`
 * column when labelled). Rows are streamed, so large synthetic corpora never exist as one string.
 *
 * @example
 * ```ts ignore
 * await writeCorpus(result.synthetic, "out/emodb_syn.arff");
 * ```
 * @param corpus the corpus to write
 * @param path destination file (`.arff` or `.csv`)
 * @param options the format, when the extension does not say
 * @throws {RangeError} for inconsistent sizes, names that the format cannot hold or a
 *   non-finite value (nothing is left at `path` then)
 */
export async function writeCorpus(
  corpus: Corpus,
  path: string,
  options: WriteCorpusOptions = {},
): Promise<void> {
  checkCorpus(corpus);
  const format = options.format ?? (/\.csv$/i.test(path) ? "csv" : "arff");
  if (format !== "arff" && format !== "csv") {
    throw new RangeError(`Corpus file format must be "arff" or "csv", found "${format}"`);
  }
  const labelled = corpus.labels !== null && corpus.classes.length > 0;
  const enc = new TextEncoder();
  await withAtomicFile(path, async (file) => {
    let pending: string[] = [];
    let pendingLength = 0;
    const flush = async () => {
      await writeAll(file, enc.encode(pending.join("")));
      pending = [];
      pendingLength = 0;
    };
    const push = async (line: string) => {
      pending.push(line);
      pendingLength += line.length;
      if (pendingLength > 1 << 20) await flush();
    };
    const sep = format === "arff" ? "," : ";";
    if (format === "arff") {
      await push(`@relation '${corpus.name.replace(/[^A-Za-z0-9_.-]/g, "_")}'\n\n`);
      await push("@attribute name string\n");
      for (const f of corpus.featureNames) await push(`@attribute ${f} numeric\n`);
      if (labelled) await push(`@attribute class {${corpus.classes.join(",")}}\n`);
      await push("\n@data\n\n");
    } else {
      await push(
        ["name", "frameTime", ...corpus.featureNames, ...(labelled ? ["class"] : [])].join(";") +
          "\n",
      );
    }
    const { cols, data } = corpus;
    for (let r = 0; r < corpus.rows; r++) {
      const cells: string[] = [`'${corpus.ids[r]}'`];
      if (format === "csv") cells.push("0.000000");
      for (let c = 0; c < cols; c++) {
        const v = data[r * cols + c];
        if (!Number.isFinite(v)) {
          throw new RangeError(
            `Row "${corpus.ids[r]}" feature "${
              corpus.featureNames[c]
            }" is ${v}, expected a finite number`,
          );
        }
        cells.push(value(v));
      }
      if (labelled) cells.push(corpus.classes[corpus.labels![r]]);
      await push(cells.join(sep) + "\n");
    }
    await flush();
  });
}
