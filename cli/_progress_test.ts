import assert from "node:assert/strict";
import { bar, type ProgressOutput, ProgressView, type Stage } from "./_progress.ts";

const STAGE: Stage = {
  id: "augment:cyclegan:lambda_cls=0:all",
  title: "CycleGAN λcls=0",
  units: 100,
  unit: "iteration",
  cached: false,
};

function capture(isTerminal: boolean): ProgressOutput & { text: string } {
  const out = { text: "", isTerminal, columns: 100, write: (t: string) => void (out.text += t) };
  return out;
}

Deno.test("bar() fills in proportion to the fraction done", () => {
  assert.equal(bar(0.5, 10), "[#####-----]");
  assert.equal(bar(2, 4), "[####]");
});

Deno.test("ProgressView writes plain lines at start, every tenth and end when not a terminal", () => {
  const out = capture(false);
  let t = 0;
  const view = new ProgressView(out, 3, () => t);
  view.start(STAGE);
  for (let done = 1; done <= 100; done++) {
    t += 100;
    view.progress({ stage: STAGE.id, done, total: 100 });
  }
  view.end(STAGE, 10);
  const lines = out.text.trimEnd().split("\n");
  assert.equal(lines[0], "[1/3] CycleGAN λcls=0: started, 100 iterations");
  assert.equal(lines.length, 1 + 9 + 1);
  assert.equal(lines[1], "[1/3] CycleGAN λcls=0: 10% (10/100), eta 9 s");
  assert.equal(lines.at(-1), "[1/3] CycleGAN λcls=0: done in 10 s");
  assert.ok(!out.text.includes("\r"));
});

Deno.test("ProgressView redraws one bar in place on a terminal and ends it with a newline", () => {
  const out = capture(true);
  let t = 0;
  const view = new ProgressView(out, 1, () => t);
  view.start(STAGE);
  t = 1000;
  view.progress({ stage: STAGE.id, done: 50, total: 100 });
  view.end(STAGE, 2);
  assert.equal(out.text.split("\n").length, 2, "one finished line per stage");
  assert.ok(out.text.includes("\r\x1b[2K"));
  assert.ok(out.text.includes(" 50% 50/100 eta 1 s"));
  assert.ok(out.text.endsWith("done in 2 s\n"));
});

Deno.test("ProgressView estimates the remaining time from the rate since the stage's first report", () => {
  const out = capture(false);
  let t = 0;
  const view = new ProgressView(out, 1, () => t);
  view.start(STAGE);
  t = 5000;
  view.progress({ stage: STAGE.id, done: 80, total: 100 }); // resumed at 80 %
  t = 6000;
  view.progress({ stage: STAGE.id, done: 90, total: 100 });
  assert.ok(out.text.includes("90% (90/100), eta 1 s"), out.text);
});

Deno.test("ProgressView shows a stage's warning once, on its own line", () => {
  for (const isTerminal of [false, true]) {
    const out = capture(isTerminal);
    const view = new ProgressView(out, 1, () => 0);
    view.start(STAGE);
    for (let done = 1; done <= 3; done++) {
      view.progress({ stage: STAGE.id, done, total: 100, warning: "generators may be collapsing" });
    }
    view.end(STAGE, 1);
    const warnings = out.text.split("\n").filter((l) => l.includes("warning:"));
    assert.equal(warnings.length, 1, out.text);
    assert.match(warnings[0], /\[1\/1\] CycleGAN λcls=0: warning: generators may be collapsing$/);
  }
});
