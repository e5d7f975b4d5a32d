/**
 * Builds `notebooks/NN_name.ipynb` from `scripts/notebooks/src/NN_name.nb.txt`.
 *
 * A source is a sequence of cells, each starting with a marker line: `%% md` (Markdown) or
 * `%% ts` (TypeScript, Deno kernel). A marker may add a course role and an exercise id:
 * `%% ts solution eq3-cycle-loss` is the worked solution of that exercise (emptied in the student
 * release, see `lib/course/notebooks.ts`), `%% ts answer eq3-cycle-loss` a cell whose outputs give
 * the answer away (cleared there). The role becomes the cell's Jupyter tag, the id
 * `metadata.course.exercise`.
 *
 * The built notebooks have no outputs; run `scripts/notebooks/execute.sh --inplace` to fill them.
 * With `--keep-outputs`, a cell whose source is unchanged keeps the outputs it has in the current
 * notebook: for edits that change no computation (Markdown, a new cell at the end).
 *
 * Usage: `deno run -A scripts/notebooks/build.ts [--keep-outputs] [NAME…]` (default: every source).
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
  let current: { kind: "md" | "ts"; lines: string[]; metadata: Record<string, unknown> } | null =
    null;
  const flush = () => {
    if (current === null) return;
    while (current.lines.length && current.lines.at(-1)!.trim() === "") current.lines.pop();
    while (current.lines.length && current.lines[0].trim() === "") current.lines.shift();
    const source = current.lines.map((l, i) => (i < current!.lines.length - 1 ? `${l}\n` : l));
    const id = `${basename(file, ".nb.txt")}-${cells.length}`.replace(/[^A-Za-z0-9-]/g, "-");
    const metadata = current.metadata;
    cells.push(
      current.kind === "md"
        ? { id, cell_type: "markdown", metadata, source }
        : { id, cell_type: "code", metadata, source, outputs: [], execution_count: null },
    );
  };
  for (const [i, line] of text.split("\n").entries()) {
    const marker = /^%% (md|ts)(?: (solution|answer) ([a-z0-9-]+))?\s*$/.exec(line);
    if (marker) {
      flush();
      const metadata = marker[2] ? { tags: [marker[2]], course: { exercise: marker[3] } } : {};
      current = { kind: marker[1] as "md" | "ts", lines: [], metadata };
    } else if (current === null) {
      if (line.trim() !== "") {
        throw new SyntaxError(`${file}:${i + 1}: expected a "%% md" or "%% ts" marker first`);
      }
    } else if (/^%% /.test(line)) {
      throw new SyntaxError(
        `${file}:${
          i + 1
        }: expected "%% md" or "%% ts", optionally with "solution ID" or "answer ID", found ${
          JSON.stringify(line)
        }`,
      );
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

/** A copy of a JSON value with every object's keys in code-point order, as nbformat writes them. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(obj).sort().map((k) => [k, sortKeys(obj[k])]));
}

if (import.meta.main) {
  const keepOutputs = Deno.args.includes("--keep-outputs");
  const wanted = new Set(Deno.args.filter((a) => a !== "--keep-outputs"));
  for (const entry of [...Deno.readDirSync(SRC)].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.name.endsWith(".nb.txt")) continue;
    const name = basename(entry.name, ".nb.txt");
    if (wanted.size && !wanted.has(name)) continue;
    const path = join(SRC, entry.name);
    const cells = parseCells(Deno.readTextFileSync(path), path);
    const target = join(OUT, `${name}.ipynb`);
    let kept = 0;
    let built: Record<string, unknown> = notebook(cells);
    if (keepOutputs) {
      let old: { cells: Cell[] } & Record<string, unknown> | null = null;
      try {
        old = JSON.parse(Deno.readTextFileSync(target));
      } catch (error) {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      }
      if (old !== null) {
        const bySource = new Map(old.cells.map((c) => [c.source.join(""), c]));
        const merged = cells.map((cell) => {
          const before = bySource.get(cell.source.join(""));
          if (before === undefined || before.cell_type !== cell.cell_type) return cell;
          if (cell.cell_type === "code") kept++;
          const metadata = { ...before.metadata, ...cell.metadata };
          if (!("course" in cell.metadata)) delete metadata.course;
          if (!("tags" in cell.metadata)) delete metadata.tags;
          return { ...before, id: cell.id, metadata };
        });
        built = { ...old, cells: merged };
      }
    }
    const tmp = `${target}.${Deno.pid}.tmp`;
    Deno.writeTextFileSync(tmp, JSON.stringify(sortKeys(built), null, 1) + "\n");
    Deno.renameSync(tmp, target);
    console.log(
      `${target}: ${cells.length} cells${keepOutputs ? `, outputs kept for ${kept}` : ""}`,
    );
  }
}
