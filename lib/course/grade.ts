/**
 * Grading a submission: the instructor's copy of each exercise's tests, run against the
 * submission's `lib/` in a subprocess of its own.
 *
 * Per exercise, the tests are copied into a temporary folder with their `../../lib/` imports
 * pointed at the submission, and run by `deno test` under the instructor's `deno.json` (so bare
 * npm specifiers in the student's files resolve to the instructor's `node_modules`), without
 * type-checking, with read permission on the submission only, no prompt and a time limit. The
 * JUnit report, which the test runner writes and the student's code cannot, gives the count of
 * passed tests. Whatever happens in one subprocess (a failure, a crash, an infinite loop, a
 * missing file, a syntax error) costs that exercise only.
 *
 * This isolates honest mistakes; it is not a sandbox against a student who sets out to cheat.
 * @module
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "./build.ts";
import { type Exercise, exerciseTestPath, maxPoints, selectExercises } from "./exercises.ts";
import { DEFAULT_TIME_LIMIT_S } from "./readme.ts";

/** The grade of one exercise. */
export interface ExerciseGrade {
  /** The exercise id. */
  readonly id: string;
  /** Points scored: `max` times the share of tests passed, to two decimals. */
  readonly points: number;
  /** The exercise's points. */
  readonly max: number;
  /** Whether every test passed. */
  readonly passed: boolean;
  /** One line: the tests passed, or what went wrong first. */
  readonly message: string;
}

/** The grade of one submission (the JSON that `grade --json` prints). */
export interface Grade {
  /** Always `"grade"`. */
  readonly name: "grade";
  /** Points scored in all. */
  readonly score: number;
  /** Points possible in all. */
  readonly max: number;
  /** One entry per exercise, in registry order. */
  readonly exercises: readonly ExerciseGrade[];
}

/** Options of {@linkcode gradeSubmission}. */
export interface GradeOptions {
  /** Exercise ids to grade (default: every exercise). */
  readonly only?: readonly string[];
  /** Time limit of one exercise's tests, in seconds (default 60). */
  readonly timeLimitS?: number;
  /** How many exercises run at once (default 2). */
  readonly concurrency?: number;
  /** The instructor's project, whose `tests/exercises/` and `deno.json` are used. */
  readonly root?: string;
  /** Called after each exercise is graded. */
  readonly onExercise?: (grade: ExerciseGrade) => void;
}

/**
 * Grades one submission: a project folder with the student's `lib/`.
 * @param dir the submission
 * @param options exercises, time limit, parallelism
 * @returns the grade
 * @throws {Deno.errors.NotFound} when `dir` is not a folder
 * @throws {RangeError} on an unknown exercise id or a time limit that is not positive
 */
export async function gradeSubmission(dir: string, options: GradeOptions = {}): Promise<Grade> {
  const exercises = selectExercises(options.only);
  const timeLimitS = options.timeLimitS ?? DEFAULT_TIME_LIMIT_S;
  if (!(timeLimitS > 0)) {
    throw new RangeError(`Expected a positive time limit, found ${timeLimitS}`);
  }
  const root = resolve(options.root ?? PROJECT_ROOT);
  let submission: string;
  try {
    submission = await Deno.realPath(dir);
    if (!(await Deno.stat(submission)).isDirectory) throw new Deno.errors.NotFound();
  } catch {
    throw new Deno.errors.NotFound(`Expected a submission folder, found no folder at ${dir}`);
  }
  const grades = new Map<string, ExerciseGrade>();
  const queue = [...exercises];
  const worker = async () => {
    for (let e = queue.shift(); e !== undefined; e = queue.shift()) {
      const grade = await _gradeExercise(e, submission, root, timeLimitS);
      grades.set(e.id, grade);
      options.onExercise?.(grade);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, exercises.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const list = exercises.map((e) => grades.get(e.id)!);
  return {
    name: "grade",
    score: _round(list.reduce((s, g) => s + g.points, 0)),
    max: maxPoints(exercises),
    exercises: list,
  };
}

/** One row of a gradebook. */
export interface GradebookRow {
  /** The submission folder's name. */
  readonly student: string;
  /** Its grade, or `null` when it could not be graded. */
  readonly grade: Grade | null;
  /** Why it could not be graded. */
  readonly error?: string;
}

/**
 * Grades every folder of a submissions folder, one after the other.
 * @param submissions a folder with one subfolder per student
 * @param options as for {@linkcode gradeSubmission}, plus a callback per student
 * @returns one row per subfolder, sorted by name
 */
export async function gradeAll(
  submissions: string,
  options: GradeOptions & { readonly onStudent?: (row: GradebookRow) => void } = {},
): Promise<GradebookRow[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(submissions)) {
    if (entry.isDirectory && !entry.name.startsWith(".")) names.push(entry.name);
  }
  names.sort();
  const rows: GradebookRow[] = [];
  for (const student of names) {
    let row: GradebookRow;
    try {
      row = { student, grade: await gradeSubmission(join(submissions, student), options) };
    } catch (error) {
      row = { student, grade: null, error: _oneLine(String(error)) };
    }
    rows.push(row);
    options.onStudent?.(row);
  }
  return rows;
}

/**
 * The gradebook as CSV: `student,score,max`, then the points of each exercise, then a `notes`
 * column with the messages of the exercises that did not pass.
 * @param rows from {@linkcode gradeAll}
 * @param exercises the columns (default: every exercise)
 * @returns CSV text with a header line, `\n` line ends
 */
export function gradebookCsv(
  rows: readonly GradebookRow[],
  exercises: readonly Exercise[] = selectExercises(),
): string {
  const header = ["student", "score", "max", ...exercises.map((e) => e.id), "notes"];
  const lines = [header];
  for (const row of rows) {
    if (row.grade === null) {
      lines.push([
        row.student,
        "",
        String(maxPoints(exercises)),
        ...exercises.map(() => ""),
        row.error ?? "",
      ]);
      continue;
    }
    const by = new Map(row.grade.exercises.map((g) => [g.id, g]));
    const notes = row.grade.exercises.filter((g) => !g.passed).map((g) => `${g.id}: ${g.message}`);
    lines.push([
      row.student,
      String(row.grade.score),
      String(row.grade.max),
      ...exercises.map((e) => (by.has(e.id) ? String(by.get(e.id)!.points) : "")),
      notes.join("; "),
    ]);
  }
  return lines.map((cells) => cells.map(_csvCell).join(",")).join("\n") + "\n";
}

/**
 * Writes a text file under a temporary name beside it, then renames it into place.
 * @param path the file
 * @param text its contents
 */
export async function writeTextFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${Deno.pid}-${Date.now()}.tmp`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

function _csvCell(cell: string): string {
  return /[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function _round(x: number): number {
  return Math.round(x * 100) / 100;
}

// deno-lint-ignore no-control-regex
const _ANSI = /\x1b\[[0-9;]*m/g;

function _oneLine(text: string, max = 240): string {
  const line = text.replace(_ANSI, "").split("\n").map((l) => l.trim()).find((l) => l !== "") ??
    "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Copies the instructor's exercise tests into `tmp`, their lib imports pointed at `lib`. */
async function _stageTests(root: string, tmp: string, libUrl: string): Promise<void> {
  const dir = join(root, "tests", "exercises");
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(join(dir, entry.name));
    await Deno.writeTextFile(
      join(tmp, entry.name),
      text.replace(/(["'])\.\.\/\.\.\/lib\//g, (_, quote: string) => `${quote}${libUrl}`),
    );
  }
}

/** The first error line of deno's output, with the student's file and line where it names one. */
function _firstError(output: string): string | null {
  const lines = output.split("\n").map((l) => l.trim());
  const i = lines.findIndex((l) => /^error:|Error:/.test(l));
  if (i < 0) return null;
  const at = lines.slice(i + 1).find((l) => /^at lib\//.test(l));
  return at === undefined ? lines[i] : `${lines[i]} (${at})`;
}

interface _Junit {
  tests: number;
  failures: { name: string; message: string }[];
}

function _unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp|#\d+);/g,
    (_, e: string) =>
      e === "lt"
        ? "<"
        : e === "gt"
        ? ">"
        : e === "quot"
        ? '"'
        : e === "apos"
        ? "'"
        : e === "amp"
        ? "&"
        : String.fromCharCode(Number(e.slice(1))),
  );
}

function _parseJunit(xml: string): _Junit {
  const cases = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)];
  const failures = cases.flatMap((c) => {
    const failure = /<failure message="([^"]*)"/.exec(c[3] ?? "");
    return failure === null
      ? []
      : [{ name: _unescapeXml(c[1]), message: _unescapeXml(failure[1]) }];
  });
  return { tests: cases.length, failures };
}

async function _gradeExercise(
  exercise: Exercise,
  submission: string,
  root: string,
  timeLimitS: number,
): Promise<ExerciseGrade> {
  const max = exercise.points;
  const fail = (message: string): ExerciseGrade => ({
    id: exercise.id,
    points: 0,
    max,
    passed: false,
    message: _oneLine(message),
  });
  const tmp = await Deno.makeTempDir({ prefix: `grade_${exercise.id}_` });
  try {
    const libUrl = `${pathToFileURL(submission).href}/lib/`;
    await _stageTests(root, tmp, libUrl);
    const test = join(tmp, exerciseTestPath(exercise).split("/").at(-1)!);
    const junit = join(tmp, "junit.xml");
    const env: Record<string, string> = { NO_COLOR: "1" };
    for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    }
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "test",
        "--no-check",
        "--no-prompt",
        "--cached-only",
        `--allow-read=${submission}`,
        "--config",
        join(root, "deno.json"),
        "--reporter=dot",
        `--junit-path=${junit}`,
        test,
      ],
      cwd: tmp,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, timeLimitS * 1000);
    const [status, stdout, stderr] = await Promise.all([
      child.status,
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      return fail(`Timed out after ${timeLimitS} s (an infinite loop, or far too slow)`);
    }
    const report = await Deno.readTextFile(junit).then(_parseJunit, () => null);
    const clean = (text: string) =>
      text.replaceAll(libUrl, "lib/").replaceAll(`${submission}/`, "");
    if (report === null || report.tests === 0) {
      const output = clean(stderr + "\n" + stdout).replace(_ANSI, "");
      return fail(
        _firstError(output) ??
          `The tests did not run (exit code ${status.code}): ${output.trim() || "no output"}`,
      );
    }
    const passedTests = report.tests - report.failures.length;
    if (report.failures.length === 0 && !status.success) {
      const error = _firstError(clean(stderr).replace(_ANSI, "")) ?? "";
      return fail(
        `${passedTests} of ${report.tests} tests passed, but the run failed (exit code ${status.code}) ${error}`,
      );
    }
    const points = _round(max * passedTests / report.tests);
    const first = report.failures[0];
    return {
      id: exercise.id,
      points,
      max,
      passed: report.failures.length === 0,
      message: first === undefined ? `${passedTests} of ${report.tests} tests passed` : _oneLine(
        `${passedTests} of ${report.tests} tests passed; "${first.name}": ${
          clean(first.message).replace(/^Uncaught /, "").replace(/\s+/g, " ")
        }`,
      ),
    };
  } catch (error) {
    return fail(`The grader could not run the tests: ${String(error)}`);
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
