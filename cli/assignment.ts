/**
 * `deno task assignment`: the course kit's command line.
 *
 * ```sh
 * deno task assignment build --out DIR [--only ID,…]
 * deno task assignment grade DIR [--only ID,…] [--timeout S] [--json]
 * deno task assignment grade-all SUBMISSIONS_DIR --csv gradebook.csv [--only ID,…] [--timeout S]
 * deno task assignment list
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import {
  buildAssignment,
  DEFAULT_TIME_LIMIT_S,
  type ExerciseGrade,
  EXERCISES,
  gradeAll,
  gradebookCsv,
  gradeSubmission,
  maxPoints,
  selectExercises,
  writeTextFileAtomic,
} from "../lib/mod.ts";
import { runMain, UsageError } from "./_args.ts";

const USAGE = `Usage: deno task assignment <command> [options]

The course kit of Bao, Neumann & Vu (Interspeech 2019): exercises marked in lib/.

Commands:
  list                              the exercises, their points and notebooks
  build --out DIR                   write the student release to DIR (a new folder)
  grade DIR                         grade one submission (a project folder with lib/)
  grade-all DIR --csv FILE          grade every subfolder of DIR, write the gradebook to FILE

Options:
  --only ID,ID,...                  only these exercises (default: all)
  --timeout S                       time limit per exercise when grading (default ${DEFAULT_TIME_LIMIT_S} s)
  --json                            grade: print the grade as one JSON object, the last line
  --debug                           on an error, print its stack trace too (or SER_DEBUG=1)
  -h, --help                        this text
`;

function _line(g: ExerciseGrade): string {
  const score = `${g.points.toFixed(2).padStart(6)} / ${String(g.max).padEnd(3)}`;
  return `  ${g.passed ? "ok  " : "FAIL"} ${g.id.padEnd(20)} ${score} ${g.message}`;
}

const OPTIONS = {
  out: { type: "string" },
  only: { type: "string" },
  timeout: { type: "string" },
  csv: { type: "string" },
  json: { type: "boolean", default: false },
  debug: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

function _parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (e) {
    // node:util's parseArgs throws a TypeError with an ERR_PARSE_ARGS_* code for a bad command line.
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      throw new UsageError((e as Error).message);
    }
    throw e;
  }
}

/**
 * Runs the command.
 * @param argv the command and its options
 * @returns the exit code
 * @throws {UsageError} for a bad command line; whatever the command throws
 */
export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = _parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const timeLimitS = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeLimitS !== undefined && !(timeLimitS > 0)) {
    throw new UsageError(`--timeout must be a positive number of seconds, found ${values.timeout}`);
  }
  const exercises = selectExercises(only);
  switch (command) {
    case "list": {
      for (const e of EXERCISES) {
        console.log(
          `${e.id.padEnd(20)} ${String(e.points).padStart(3)} pts  paper ${e.paper.padEnd(10)} ` +
            `notebook ${e.notebook}, exercise ${e.number}: ${e.title}`,
        );
      }
      console.log(`${EXERCISES.length} exercises, ${maxPoints()} points`);
      return 0;
    }
    case "build": {
      if (values.out === undefined) throw new UsageError("build needs --out DIR");
      const report = await buildAssignment({ out: values.out, only });
      console.log(
        `${report.out}: ${report.files} files; ${report.stubbed.length} regions of ` +
          `${report.exercises.length} exercises stubbed (${
            report.exercises.map((e) => e.id).join(", ")
          }); solution cells emptied in ${report.notebooks.length} notebooks`,
      );
      return 0;
    }
    case "grade": {
      const [dir] = rest;
      if (dir === undefined) throw new UsageError("grade needs the submission folder");
      if (!values.json) console.log(`Grading ${dir} (${exercises.length} exercises)`);
      const grade = await gradeSubmission(dir, {
        only,
        timeLimitS,
        onExercise: values.json ? undefined : (g) => console.log(_line(g)),
      });
      if (values.json) console.log(JSON.stringify(grade));
      else console.log(`Score: ${grade.score} / ${grade.max}`);
      return 0;
    }
    case "grade-all": {
      const [dir] = rest;
      if (dir === undefined) throw new UsageError("grade-all needs the submissions folder");
      if (values.csv === undefined) throw new UsageError("grade-all needs --csv FILE");
      const rows = await gradeAll(dir, {
        only,
        timeLimitS,
        onStudent: (row) =>
          console.log(
            row.grade === null
              ? `${row.student}: not graded: ${row.error}`
              : `${row.student}: ${row.grade.score} / ${row.grade.max}`,
          ),
      });
      await writeTextFileAtomic(values.csv, gradebookCsv(rows, exercises));
      console.log(`${values.csv}: ${rows.length} students`);
      return 0;
    }
    default:
      throw new UsageError(`Unknown command "${command}" (list, build, grade, grade-all)`);
  }
}

if (import.meta.main) Deno.exit(await runMain("assignment", main, Deno.args));
