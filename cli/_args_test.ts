import assert from "node:assert/strict";
import {
  integerValue,
  numberList,
  parseCommandLine,
  SHARED_OPTIONS,
  sharedValues,
  UsageError,
} from "./_args.ts";
import { CORPUS_COMMAND_OPTIONS, main as corpusMain } from "./corpus.ts";
import { EVALUATE_OPTIONS, main as evaluateMain } from "./evaluate.ts";
import { main as labMain } from "./lab.ts";
import { main as qualityMain, QUALITY_OPTIONS } from "./quality.ts";
import { main as reproduceMain, REPRODUCE_OPTIONS } from "./reproduce.ts";

const COMMANDS = {
  evaluate: evaluateMain,
  reproduce: reproduceMain,
  quality: qualityMain,
  corpus: corpusMain,
  lab: labMain,
} as const;

/** Every shared option with a valid value. */
const SHARED_ARGS = [
  "--profile",
  "paper",
  "--backend",
  "cpu",
  "--seed",
  "3",
  "--synthesis-protocol",
  "reference",
  "--cache",
  "/tmp/ser-cli-test",
];

async function quietly<T>(f: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => {};
  try {
    return await f();
  } finally {
    console.log = log;
  }
}

Deno.test("every command declares the shared options with the same spec", () => {
  for (
    const specs of [EVALUATE_OPTIONS, REPRODUCE_OPTIONS, QUALITY_OPTIONS, CORPUS_COMMAND_OPTIONS]
  ) {
    for (const [name, spec] of Object.entries(SHARED_OPTIONS)) {
      assert.equal(specs[name], spec, `--${name}`);
    }
  }
});

Deno.test("every command accepts every shared option name and answers --help with exit 0", async () => {
  for (const [name, main] of Object.entries(COMMANDS)) {
    assert.equal(await quietly(() => main([...SHARED_ARGS, "--help"])), 0, name);
    assert.equal(await quietly(() => main(["-h"])), 0, name);
  }
});

Deno.test("every command refuses the same bad shared values with the same message", async () => {
  const bad: [string[], RegExp][] = [
    [["--seed", "-3"], /^Expected --seed to be an integer in \[0, 4294967295\], found "-3"$/],
    [
      ["--seed=4294967296"],
      /^Expected --seed to be an integer in \[0, 4294967295\], found "4294967296"$/,
    ],
    [["--seed", "1e3"], /found "1e3"$/],
    [["--profile", "fast"], /^Expected --profile to be one of quick, paper, found "fast"$/],
    [["--backend", "tpu"], /^Expected --backend to be one of auto, wasm/],
    [
      ["--synthesis-protocol", "x"],
      /^Expected --synthesis-protocol to be one of leak-free, reference/,
    ],
    [["--cache", "d", "--no-cache"], /found both/],
    [["--seed"], /^Option --seed needs a value/],
  ];
  for (const [name, main] of Object.entries(COMMANDS)) {
    for (const [args, message] of bad) {
      await assert.rejects(() => main(["--help", ...args]), (e: Error) => {
        assert.ok(e instanceof UsageError, `${name} ${args.join(" ")}: ${e}`);
        assert.match(e.message, message, `${name} ${args.join(" ")}`);
        return true;
      });
    }
  }
});

Deno.test("--reps is bounded alike in evaluate and reproduce: 1e9, 0 and -3 are refused", async () => {
  for (const main of [evaluateMain, reproduceMain]) {
    for (const reps of ["1e9", "0", "-3", "1001", "2.5"]) {
      await assert.rejects(
        () =>
          main(
            ["--protocol", "within", "--train-on", "real", "--reps", reps].slice(
              main === reproduceMain ? 4 : 0,
            ),
          ),
        {
          name: "UsageError",
          message: `Expected --reps to be an integer in [1, 1000], found "${reps}"`,
        },
      );
    }
  }
});

Deno.test("the shared options default to profile quick, backend auto and the default cache", () => {
  const v = sharedValues(parseCommandLine([], SHARED_OPTIONS));
  assert.deepEqual(v, {
    profile: "quick",
    backend: "auto",
    cacheDir: undefined,
    help: false,
    debug: false,
  });
  assert.equal(sharedValues(parseCommandLine(["--no-cache"], SHARED_OPTIONS)).cacheDir, false);
});

Deno.test("parseCommandLine() reads --x v, --x=v and aliases, refuses repeats and values on flags", () => {
  const p = parseCommandLine(["--seed=4", "-h", "pos", "--profile", "paper"], SHARED_OPTIONS, {
    positionals: true,
  });
  assert.deepEqual(p.values, { seed: "4", help: true, profile: "paper" });
  assert.deepEqual(p.positionals, ["pos"]);
  assert.throws(
    () => parseCommandLine(["--seed", "1", "--seed", "2"], SHARED_OPTIONS),
    /given twice/,
  );
  assert.throws(() => parseCommandLine(["--help=yes"], SHARED_OPTIONS), /takes no value/);
  assert.throws(() => parseCommandLine(["pos"], SHARED_OPTIONS), /Unexpected argument "pos"/);
  const through = parseCommandLine(["--port", "8899", "--seed", "1"], SHARED_OPTIONS, {
    passThrough: true,
  });
  assert.deepEqual(through.rest, ["--port", "8899"]);
  assert.deepEqual(through.values, { seed: "1" });
});

Deno.test("integerValue() and numberList() take plain decimal numbers in range only", () => {
  assert.equal(integerValue("n", "12", 0, 20), 12);
  for (const bad of ["1e1", "-1", "0x10", " 3", "", "21", "9007199254740993"]) {
    assert.throws(() => integerValue("n", bad, 0, 20), UsageError, bad);
  }
  assert.deepEqual(numberList("l", "0, 0.5,2,1e1", 0), [0, 0.5, 2, 10]);
  for (const bad of ["", "1,,2", "-1", "a", "Infinity"]) {
    assert.throws(() => numberList("l", bad, 0), UsageError, bad);
  }
  assert.throws(() => numberList("f", "0", 0, true), /> 0/);
});
