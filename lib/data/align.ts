/**
 * Matching the features of two corpora by name: the one rule for every pair of corpora that
 * meet in a run (labelled and test, labelled and source). Columns are never matched by
 * position alone: a file with the same features in another order (another openSMILE config or
 * tool) is reordered, a file with a renamed, missing or extra feature is refused.
 * @module
 */

import type { FeatureMatrix } from "./types.ts";

/** What messages can say about a matrix: its corpus name, its file and header lines. */
interface _Described {
  readonly label: string;
  readonly short: string;
  readonly file: string | null;
  readonly lines: readonly number[] | null;
}

/**
 * Returns `other` with its columns in the order of `reference`'s feature names.
 *
 * The two must have the same set of feature names, each name once. When the order already
 * matches, `other` itself is returned (no copy); otherwise a shallow copy whose `data` is a new
 * row-major matrix with the columns permuted, and whose `featureNames` (and `featureLines`,
 * when it has them) follow the reference. Rows, ids, labels and the rest are untouched.
 *
 * Messages name both corpora (by `name`, else by `source`) and, where known, the file and
 * header line of the feature concerned (`source` and `featureLines`, which tables read from
 * files and the corpora built from them carry).
 *
 * @example
 * ```ts
 * import { alignFeatures } from "./align.ts";
 * const ref = { data: new Float32Array(2), rows: 1, cols: 2, ids: ["a"], featureNames: ["x", "y"] };
 * const other = { data: new Float32Array([20, 10]), rows: 1, cols: 2, ids: ["b"], featureNames: ["y", "x"] };
 * const aligned = alignFeatures(ref, other);
 * if (aligned.data[0] !== 10 || aligned.featureNames[0] !== "x") throw new Error("not reordered");
 * ```
 * @param reference the matrix whose feature order wins (the labelled corpus)
 * @param other the matrix to match to it (a test or source corpus)
 * @returns `other`, or a copy of it with the reference's column order
 * @throws {RangeError} when either has duplicate names or not one name per column, or when the
 *   name sets differ: the message names the first feature of the reference that `other` lacks
 *   (or the first extra one of `other`)
 */
export function alignFeatures<T extends FeatureMatrix>(reference: FeatureMatrix, other: T): T {
  const ref = _describe(reference, "the reference matrix");
  const oth = _describe(other, "the other matrix");
  _checkNames(reference, ref);
  _checkNames(other, oth);
  const rn = reference.featureNames;
  const on = other.featureNames;
  if (rn.length === on.length && rn.every((n, k) => n === on[k])) return other;
  const position = new Map(on.map((n, k) => [n, k]));
  const inReference = new Set(rn);
  const missing = rn.findIndex((n) => !position.has(n));
  const extra = on.findIndex((n) => !inReference.has(n));
  if (missing >= 0 || extra >= 0) {
    const count = `${on.length} features, ${ref.short} has ${rn.length}`;
    const refAt = (k: number | null) => {
      const w = _where(ref, k);
      return w === null ? "" : ` (${w})`;
    };
    if (missing >= 0 && extra >= 0) {
      throw new RangeError(
        `${_prefix(oth, extra)}: expected feature '${rn[missing]}' of ${ref.label}${
          refAt(missing)
        }, found '${
          on[extra]
        }' in ${oth.label} (${count}); corpora that meet in a run must share feature names`,
      );
    }
    if (missing >= 0) {
      throw new RangeError(
        `${_prefix(oth, null)}: expected feature '${rn[missing]}' of ${ref.label}${
          refAt(missing)
        }, found no such feature in ${oth.label} (${count})`,
      );
    }
    throw new RangeError(
      `${_prefix(oth, extra)}: expected only the features of ${ref.label}${refAt(null)}, found '${
        on[extra]
      }' as well in ${oth.label} (${count})`,
    );
  }
  const d = rn.length;
  const perm = Int32Array.from(rn, (n) => position.get(n)!);
  const src = other.data;
  const data = new Float32Array(other.rows * d);
  for (let r = 0; r < other.rows; r++) {
    const base = r * d;
    for (let c = 0; c < d; c++) data[base + c] = src[base + perm[c]];
  }
  const lines = oth.lines;
  return {
    ...other,
    data,
    featureNames: [...rn],
    ...(lines === null ? {} : { featureLines: Array.from(perm, (k) => lines[k]) }),
  };
}

function _describe(m: FeatureMatrix, fallback: string): _Described {
  const extra = m as FeatureMatrix & {
    readonly name?: unknown;
    readonly source?: unknown;
    readonly featureLines?: unknown;
  };
  const file = typeof extra.source === "string" ? extra.source : null;
  const name = typeof extra.name === "string" ? extra.name : null;
  const lines = Array.isArray(extra.featureLines) &&
      extra.featureLines.length === m.featureNames.length
    ? extra.featureLines as readonly number[]
    : null;
  const label = name !== null ? `corpus "${name}"` : file !== null ? `'${file}'` : fallback;
  return { label, short: name !== null ? `"${name}"` : label, file, lines };
}

/** `file:line` or `file`; `null` when there is no file. */
function _where(m: _Described, feature: number | null): string | null {
  if (m.file === null) return null;
  if (feature === null || m.lines === null) return m.file;
  return `${m.file}:${m.lines[feature]}`;
}

/** What a message starts with: `file:line`, `file`, or the label in sentence case. */
function _prefix(m: _Described, feature: number | null): string {
  return _where(m, feature) ?? m.label.charAt(0).toUpperCase() + m.label.slice(1);
}

function _checkNames(m: FeatureMatrix, who: _Described): void {
  if (m.featureNames.length !== m.cols) {
    throw new RangeError(
      `${
        _prefix(who, null)
      }: expected ${m.cols} feature names (one per column), found ${m.featureNames.length}`,
    );
  }
  const first = new Map<string, number>();
  m.featureNames.forEach((n, k) => {
    const seen = first.get(n);
    if (seen === undefined) {
      first.set(n, k);
      return;
    }
    const before = who.lines === null ? `feature ${seen + 1}` : `line ${who.lines[seen]}`;
    throw new RangeError(
      `${
        _prefix(who, k)
      }: expected distinct feature names in ${who.label}, found '${n}' again (first at ${before})`,
    );
  });
}
