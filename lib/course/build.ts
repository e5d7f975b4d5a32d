/**
 * `buildAssignment`: the student release of the course, built from the instructor's project.
 *
 * The release is a complete Deno project: `lib/` with the exercises' regions replaced by stubs
 * that throw, the notebooks with their solution cells emptied, the public tests of the
 * exercises, the data, and a student README (the project's README becomes `TOOLKIT.md`).
 * Unit tests beside the code and the other test suites stay behind: they are the instructor's.
 * @module
 */
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Exercise,
  exerciseTestPath,
  notImplementedMessage,
  selectExercises,
} from "./exercises.ts";
import { type Region, scanRegions, solutionLines, stubRegions } from "./markers.ts";
import { stripNotebook, stripNotebookSource } from "./notebooks.ts";
import { studentReadme } from "./readme.ts";

/** The instructor's project: the repository this module belongs to. */
export const PROJECT_ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** What the release copies from the project (files or folders, relative to its root). */
const _COPIED = [
  ".gitignore",
  "deno.lock",
  "lib",
  "cli",
  "notebooks",
  "scripts/notebooks",
  "data",
] as const;

/** Options of {@linkcode buildAssignment}. */
export interface BuildOptions {
  /** Where the release goes: a folder that does not exist yet. */
  readonly out: string;
  /** Exercise ids to take out (default: every exercise). */
  readonly only?: readonly string[];
  /** The instructor's project (default {@linkcode PROJECT_ROOT}). */
  readonly root?: string;
}

/** What {@linkcode buildAssignment} wrote. */
export interface BuildReport {
  /** The release folder (absolute). */
  readonly out: string;
  /** The exercises taken out. */
  readonly exercises: readonly Exercise[];
  /** The regions replaced by stubs. */
  readonly stubbed: readonly Region[];
  /** Notebooks (`.ipynb` and `.nb.txt`) whose solution cells were emptied. */
  readonly notebooks: readonly string[];
  /** Files written, in all. */
  readonly files: number;
}

/**
 * Builds the student release of the course into a new folder (written under a temporary name
 * beside it, then renamed, so a failed build leaves nothing behind).
 * @param options the output folder, the exercises and the project
 * @returns what was written
 * @throws {Deno.errors.AlreadyExists} when the output folder exists
 * @throws {RangeError} on an unknown exercise id, or an exercise without a marked region
 * @throws {Error} when the release would still contain a line of a solution
 */
export async function buildAssignment(options: BuildOptions): Promise<BuildReport> {
  const root = resolve(options.root ?? PROJECT_ROOT);
  const out = resolve(options.out);
  const exercises = selectExercises(options.only);
  const ids = new Set(exercises.map((e) => e.id));
  if (await _exists(out)) {
    throw new Deno.errors.AlreadyExists(
      `Expected a new output folder, found an existing ${out}: remove it or choose another`,
    );
  }
  const regions = (await scanRegions(root)).filter((r) => ids.has(r.id));
  for (const e of exercises) {
    if (!regions.some((r) => r.id === e.id)) {
      throw new RangeError(`Exercise "${e.id}" has no marked region under ${join(root, "lib")}`);
    }
  }
  await Deno.mkdir(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${Deno.pid}-${Date.now()}`;
  const notebooks: string[] = [];
  let files = 0;
  try {
    const byId = new Map(exercises.map((e) => [e.id, notImplementedMessage(e)]));
    const stubbedFiles = new Set(regions.map((r) => r.file));
    for (const entry of _COPIED) {
      for (const file of await _files(root, entry)) {
        if (_instructorOnly(file)) continue;
        const target = join(tmp, file);
        await Deno.mkdir(dirname(target), { recursive: true });
        const source = join(root, file);
        if (stubbedFiles.has(file)) {
          const text = await Deno.readTextFile(source);
          await Deno.writeTextFile(target, stubRegions(text, file, (id) => byId.get(id) ?? null));
        } else if (file.endsWith(".ipynb")) {
          const nb = JSON.parse(await Deno.readTextFile(source));
          const stripped = stripNotebook(nb, ids);
          await Deno.writeTextFile(target, JSON.stringify(stripped, null, 1) + "\n");
          if (JSON.stringify(stripped) !== JSON.stringify(nb)) notebooks.push(file);
        } else if (file.endsWith(".nb.txt")) {
          const text = await Deno.readTextFile(source);
          const stripped = stripNotebookSource(text, ids);
          await Deno.writeTextFile(target, stripped);
          if (stripped !== text) notebooks.push(file);
        } else {
          await Deno.copyFile(source, target);
        }
        files++;
      }
    }
    await Deno.mkdir(join(tmp, "tests", "exercises"), { recursive: true });
    for (const file of await _files(root, "tests/exercises")) {
      const name = file.slice("tests/exercises/".length);
      const wanted = name.startsWith("_") || exercises.some((e) => exerciseTestPath(e) === file);
      if (!wanted) continue;
      await Deno.copyFile(join(root, file), join(tmp, file));
      files++;
    }
    await Deno.copyFile(join(root, "README.md"), join(tmp, "TOOLKIT.md"));
    const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
    await Deno.writeTextFile(
      join(tmp, "deno.json"),
      JSON.stringify(studentConfig(config), null, 2) + "\n",
    );
    await Deno.writeTextFile(join(tmp, "README.md"), studentReadme(exercises, regions));
    files += 3;
    await _format(tmp, ["README.md", ...stubbedFiles]);
    const leaks = await findSolutionText(tmp, await solutionLines(root, regions));
    if (leaks.length > 0) {
      throw new Error(
        `Expected no solution text in the release, found ${leaks.length} line(s), e.g. ` +
          `${JSON.stringify(leaks[0].line)} (exercise ${leaks[0].id}) in ${leaks[0].file}`,
      );
    }
    await Deno.rename(tmp, out);
  } catch (error) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw error;
  }
  return { out, exercises, stubbed: regions, notebooks, files };
}

/**
 * The student project's `deno.json`: the instructor's imports and settings, its own tasks
 * (`test` runs the public exercise tests, `grade` the grader on the project itself), and no
 * errors for unused variables, parameters or value imports used only as types, which the stubs
 * leave until they are written.
 * @param config the instructor's parsed `deno.json`
 * @returns the student's
 */
export function studentConfig(config: Record<string, unknown>): Record<string, unknown> {
  const tasks = (config.tasks ?? {}) as Record<string, string>;
  const kept = Object.fromEntries(
    ["corpus", "evaluate", "reproduce", "lab"].filter((t) => t in tasks).map((t) => [t, tasks[t]]),
  );
  const lint = (config.lint ?? {}) as Record<string, unknown>;
  return {
    ...config,
    compilerOptions: {
      ...(config.compilerOptions as Record<string, unknown> ?? {}),
      noUnusedLocals: false,
      noUnusedParameters: false,
    },
    tasks: {
      test: "deno test -A tests/exercises/",
      check: "deno fmt --check && deno lint && deno check lib/ cli/ tests/exercises/",
      grade: "deno run -A cli/assignment.ts grade .",
      ...kept,
    },
    lint: { ...lint, rules: { exclude: ["no-unused-vars", "verbatim-module-syntax"] } },
  };
}

/** A solution line found in a release. */
export interface SolutionLeak {
  /** The file, relative to the release. */
  readonly file: string;
  /** The solution line. */
  readonly line: string;
  /** The exercise it solves. */
  readonly id: string;
}

/**
 * Searches every text file of a folder for solution lines (in notebooks: every string of the
 * JSON, so escaped quotes do not hide a line).
 * @param dir the folder, e.g. a student release
 * @param lines the solution lines, from {@linkcode solutionLines}
 * @returns every line found, with its file
 */
export async function findSolutionText(
  dir: string,
  lines: readonly { line: string; region: Region }[],
): Promise<SolutionLeak[]> {
  const leaks: SolutionLeak[] = [];
  for (const file of await _files(dir, ".")) {
    if (!/\.(ts|js|json|md|txt|ipynb|sh|html)$/.test(file)) continue;
    let text = await Deno.readTextFile(join(dir, file));
    if (file.endsWith(".ipynb")) text = _strings(JSON.parse(text)).join("\n");
    for (const { line, region } of lines) {
      if (text.includes(line)) leaks.push({ file, line, id: region.id });
    }
  }
  return leaks;
}

function _strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return [value.map((v) => (typeof v === "string" ? v : "")).join("")];
  if (value !== null && typeof value === "object") {
    return Object.values(value).flatMap(_strings);
  }
  return [];
}

/** Files the student release leaves out: the instructor's unit tests beside the code. */
function _instructorOnly(file: string): boolean {
  return /^(lib|cli)\//.test(file) && file.endsWith("_test.ts");
}

async function _exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Every file under `entry` (a file or a folder relative to `root`), relative to `root`, sorted. */
async function _files(root: string, entry: string): Promise<string[]> {
  const start = join(root, entry);
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(start);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
  if (info.isFile) return [relative(root, start).replaceAll("\\", "/")];
  const out: string[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.name === "node_modules" || e.name === ".git") continue;
      const path = join(dir, e.name);
      if (e.isDirectory) await walk(path);
      else if (e.isFile) out.push(relative(root, path).replaceAll("\\", "/"));
    }
  };
  await walk(start);
  return out.sort();
}

/** Formats the generated files with `deno fmt` under the release's own configuration. */
async function _format(dir: string, files: Iterable<string>): Promise<void> {
  const paths = [...files].map((f) => join(dir, f));
  const run = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", "--config", join(dir, "deno.json"), ...paths],
    cwd: dir,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!run.success) {
    throw new Error(
      `Expected deno fmt to format the release, found: ${new TextDecoder().decode(run.stderr)}`,
    );
  }
}
