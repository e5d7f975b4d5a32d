/**
 * Builds `notebooks/NN_name.ipynb` from `scripts/notebooks/src/NN_name.nb.txt`.
 *
 * A source is a sequence of cells, each starting with a marker line: `%% md` (Markdown) or
 * `%% ts` (TypeScript, Deno kernel). The built notebooks have no outputs; run
 * `scripts/notebooks/execute.sh --inplace` to fill them.
 *
 * Usage: `deno run -A scripts/notebooks/build.ts [NAME…]` (default: every source).
 * @module
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SRC = join(ROOT, "scripts", "notebooks", "src");
const OUT = join(ROOT, "notebooks");

/** One notebook cell as nbformat 4.5 stores it. */
interface Cell {
  id: string;
  cell_type: "markdown" | "code";
  metadata: Record<string, unknown>;
  source: string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

/** Splits a source into cells at `%% md` / `%% ts` marker lines. */
export function parseCells(text: string, file: string): Cell[] {
  const cells: Cell[] = [];
  let current: { kind: "md" | "ts"; lines: string[] } | null = null;
  const flush = () => {
    if (current === null) return;
    while (current.lines.length && current.lines.at(-1)!.trim() === "") current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === "") current.lines.shift();
    const source = current.lines.map((l, i) => (i < current!.lines.length - 1 ? `${l}\n` : l));
    const id = `${basename(file, ".nb.txt")}-${cells.length}`.replace(/[^A-Za-z0-9-]/g, "-");
    cells.push(
      current.kind === "md"
        ? { id, cell_type: "markdown", metadata: {}, source }
        : { id, cell_type: "code", metadata: {}, source, outputs: [], execution_count: null },
    );
  };
  for (const [i, line] of text.split("\n").entries()) {
    const marker = /^%% (md|ts)\s*$/.exec(line);
    if (marker) {
      flush();
      current = { kind: marker[1] as "md" | "ts", lines: [] };
    } else if (current === null) {
      if (line.trim() !== "") {
        throw new SyntaxError(`${file}:${i + 1}: expected a "%% md" or "%% ts" marker first`);
      }
    } else {
      current.lines.push(line);
    }
  }
  flush();
  return cells;
}

/** Wraps cells into an nbformat 4.5 notebook for the Deno kernel. */
export function notebook(cells: Cell[]): Record<string, unknown> {
  return {
    cells,
    metadata: {
      kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
      language_info: {
        codemirror_mode: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        name: "typescript",
        nbconvert_exporter: "script",
        pygments_lexer: "typescript",
        version: "5.x",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

if (import.meta.main) {
  const wanted = new Set(Deno.args);
  for (const entry of [...Deno.readDirSync(SRC)].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.name.endsWith(".nb.txt")) continue;
    const name = basename(entry.name, ".nb.txt");
    if (wanted.size && !wanted.has(name)) continue;
    const path = join(SRC, entry.name);
    const cells = parseCells(Deno.readTextFileSync(path), path);
    const target = join(OUT, `${name}.ipynb`);
    const tmp = `${target}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(notebook(cells), null, 1) + "\n");
    Deno.renameSync(tmp, target);
    console.log(`${target}: ${cells.length} cells`);
  }
}
