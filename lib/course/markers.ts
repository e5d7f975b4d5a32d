/**
 * Exercise regions in source files: finding them between their marker lines
 * (`// exercise <id>: begin` … `// exercise <id>: end`, see `exercises.ts`), replacing them with
 * a stub that throws, and the solution lines a student release must not contain.
 * @module
 */
import { join, relative } from "node:path";
import { MARKER_PATTERN } from "./exercises.ts";

/** One marked region of a source file. */
export interface Region {
  /** The exercise id the markers name. */
  readonly id: string;
  /** The file, as given to {@linkcode findRegions} (a path relative to the project root). */
  readonly file: string;
  /** 1-based line of the `begin` marker. */
  readonly begin: number;
  /** 1-based line of the `end` marker. */
  readonly end: number;
  /** The `begin` marker's indentation, which the stub takes. */
  readonly indent: string;
  /** The solution: the lines between the two markers. */
  readonly lines: readonly string[];
}

/**
 * Finds the exercise regions of one source text.
 *
 * @example
 * ```ts
 * import { findRegions } from "./markers.ts";
 * const text = "function f(): number {\n  // exercise x: begin\n  return 1;\n" +
 *   "  // exercise x: end\n}\n";
 * const [r] = findRegions(text, "f.ts");
 * if (r.id !== "x" || r.lines.join() !== "  return 1;") throw new Error("region not found");
 * ```
 * @param text the file's contents
 * @param file its path, for error messages and {@linkcode Region.file}
 * @returns the regions in file order
 * @throws {SyntaxError} on a `begin` without its `end` (or the reverse), nested regions, or a
 * region that does not run to the end of a function body (the next line must close it with `}`)
 */
export function findRegions(text: string, file: string): Region[] {
  const lines = text.split("\n");
  const regions: Region[] = [];
  let open: { id: string; begin: number; indent: string } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const m = MARKER_PATTERN.exec(lines[i]);
    if (m === null) continue;
    const [, indent, id, kind] = m;
    if (kind === "begin") {
      if (open !== null) {
        throw new SyntaxError(
          `${file}:${
            i + 1
          }: expected "// exercise ${open.id}: end" before a new region, found the begin of "${id}"`,
        );
      }
      open = { id, begin: i + 1, indent };
      continue;
    }
    if (open === null || open.id !== id) {
      throw new SyntaxError(
        `${file}:${i + 1}: expected ${
          open === null ? "no end marker outside a region" : `the end of "${open.id}"`
        }, found the end of "${id}"`,
      );
    }
    let next = i + 1;
    while (next < lines.length && lines[next].trim() === "") next++;
    if (next >= lines.length || !lines[next].trim().startsWith("}")) {
      throw new SyntaxError(
        `${file}:${i + 1}: expected the region "${id}" to run to the end of a function body ` +
          `(a line starting with "}" after its end marker), found ${
            next >= lines.length ? "the end of the file" : JSON.stringify(lines[next].trim())
          }`,
      );
    }
    regions.push({ ...open, file, end: i + 1, lines: lines.slice(open.begin, i) });
    open = null;
  }
  if (open !== null) {
    throw new SyntaxError(
      `${file}:${open.begin}: expected "// exercise ${open.id}: end", found the end of the file`,
    );
  }
  return regions;
}

/**
 * Replaces the regions of the given exercises by a stub that throws, keeping the markers (so the
 * student sees where to write) and everything outside the regions.
 * @param text the file's contents
 * @param file its path, for error messages
 * @param stubMessage the stub's error message for an exercise id, or `null` to keep that region's
 * solution
 * @returns the new contents (the same text when no region was replaced)
 * @throws {SyntaxError} as {@linkcode findRegions}
 */
export function stubRegions(
  text: string,
  file: string,
  stubMessage: (id: string) => string | null,
): string {
  const regions = findRegions(text, file);
  if (regions.length === 0) return text;
  const lines = text.split("\n");
  for (const r of [...regions].reverse()) {
    const message = stubMessage(r.id);
    if (message === null) continue;
    const stub = [
      `${r.indent}throw new Error(`,
      `${r.indent}  ${_quote(message)},`,
      `${r.indent});`,
    ];
    lines.splice(r.begin, r.end - r.begin - 1, ...stub);
  }
  return lines.join("\n");
}

/** A string literal as `deno fmt` writes it: double quotes unless the text holds some. */
function _quote(text: string): string {
  return text.includes('"') ? `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'` : JSON
    .stringify(text);
}

/**
 * Every TypeScript source file under the given folders, tests excluded (`*_test.ts`), as paths
 * relative to `root`, sorted.
 * @param root the project root
 * @param folders folders relative to `root` (default `lib`)
 * @returns relative paths with `/` separators
 */
export async function sourceFiles(root: string, folders: readonly string[] = ["lib"]): Promise<
  string[]
> {
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await walk(path);
      else if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) {
        out.push(relative(root, path).replaceAll("\\", "/"));
      }
    }
  };
  for (const folder of folders) await walk(join(root, folder));
  return out.sort();
}

/**
 * The exercise regions of a project's library.
 * @param root the project root
 * @returns every region under `lib/`, by file then line
 * @throws {SyntaxError} on a malformed region (file and line in the message)
 */
export async function scanRegions(root: string): Promise<Region[]> {
  const regions: Region[] = [];
  for (const file of await sourceFiles(root)) {
    regions.push(...findRegions(await Deno.readTextFile(join(root, file)), file));
  }
  return regions;
}

/**
 * The lines that give a solution away: every line of the regions, trimmed, that is not blank, not
 * a comment, at least `minLength` characters long, and found nowhere in the library's source
 * outside these regions, not even as part of a line (so `return tf.tidy(() =>`, written in many
 * other functions too, is not one of them).
 * @param root the project root
 * @param regions the regions whose solutions count (default: all of them)
 * @param minLength the shortest line that counts (default 12)
 * @returns distinct lines, each with the region it comes from
 */
export async function solutionLines(
  root: string,
  regions?: readonly Region[],
  minLength = 12,
): Promise<{ line: string; region: Region }[]> {
  const chosen = regions ?? await scanRegions(root);
  const outside: string[] = [];
  for (const file of await sourceFiles(root)) {
    const lines = (await Deno.readTextFile(join(root, file))).split("\n");
    const mine = chosen.filter((r) => r.file === file);
    outside.push(...lines.filter((_, i) => !mine.some((r) => i + 1 > r.begin && i + 1 < r.end)));
  }
  const elsewhere = outside.join("\n");
  const seen = new Map<string, Region>();
  for (const r of chosen) {
    for (const raw of r.lines) {
      const line = raw.trim();
      if (line.length < minLength || line.startsWith("//") || line.startsWith("*")) continue;
      if (!elsewhere.includes(line) && !seen.has(line)) seen.set(line, r);
    }
  }
  return [...seen].map(([line, region]) => ({ line, region }));
}
