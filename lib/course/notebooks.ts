/**
 * Solution cells of the notebooks, emptied for a student release.
 *
 * In a notebook source (`scripts/notebooks/src/*.nb.txt`) a cell marker may name an exercise and
 * a role: `%% ts solution eq3-cycle-loss` is the worked solution of that exercise (its source and
 * outputs are removed from the release), `%% ts answer eq3-cycle-loss` is a cell whose outputs
 * give the answer away (its outputs are cleared, its source stays). The notebook builder stores
 * the role as the cell's Jupyter tag and the id under `metadata.course.exercise`.
 * @module
 */

/** The roles a cell can have in an exercise. */
export type CellRole = "solution" | "answer";

/** A cell marker line of a notebook source: `%% md` or `%% ts`, optionally with a role and id. */
export const CELL_MARKER: RegExp = /^%% (md|ts)(?: (solution|answer) ([a-z0-9-]+))?\s*$/;

/**
 * What a solution cell becomes in the student release.
 * @param kind the cell's kind
 * @param id the exercise id
 * @returns the placeholder source
 */
export function solutionPlaceholder(kind: "md" | "ts", id: string): string {
  return kind === "ts"
    ? `// Exercise "${id}": your solution here.`
    : `*Exercise "${id}": your answer here.*`;
}

/**
 * Empties the solution cells of the given exercises in a notebook source (`.nb.txt`); answer
 * cells stay, since a source has no outputs.
 * @param text the source
 * @param ids the exercises whose solutions go
 * @returns the new source
 */
export function stripNotebookSource(text: string, ids: ReadonlySet<string>): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of text.split("\n")) {
    const m = CELL_MARKER.exec(line);
    if (m !== null) {
      skipping = m[2] === "solution" && ids.has(m[3]);
      out.push(line);
      if (skipping) out.push(solutionPlaceholder(m[1] as "md" | "ts", m[3]), "");
      continue;
    }
    if (!skipping) out.push(line);
  }
  return out.join("\n");
}

interface _Cell {
  cell_type: string;
  metadata?: { tags?: string[]; course?: { exercise?: string } };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/**
 * Empties the solution cells and clears the outputs of the answer cells of the given exercises in
 * an nbformat 4 notebook.
 * @param notebook the parsed `.ipynb` (not modified)
 * @param ids the exercises whose solutions go
 * @returns a new notebook object
 * @throws {TypeError} when `notebook` has no `cells` array
 */
export function stripNotebook(
  notebook: { cells: unknown[] },
  ids: ReadonlySet<string>,
): { cells: unknown[] } {
  if (!Array.isArray(notebook?.cells)) {
    throw new TypeError("Expected an nbformat 4 notebook with a cells array, found none");
  }
  const cells = (notebook.cells as _Cell[]).map((cell) => {
    const id = cell.metadata?.course?.exercise;
    const tags = cell.metadata?.tags ?? [];
    if (id === undefined || !ids.has(id)) return cell;
    const code = cell.cell_type === "code";
    if (tags.includes("solution")) {
      const placeholder = solutionPlaceholder(code ? "ts" : "md", id);
      return code
        ? { ...cell, source: [placeholder], outputs: [], execution_count: null }
        : { ...cell, source: [placeholder] };
    }
    if (tags.includes("answer") && code) return { ...cell, outputs: [], execution_count: null };
    return cell;
  });
  return { ...notebook, cells };
}
