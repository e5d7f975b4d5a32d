import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { resolveConfig } from "../models/config.ts";
import { readLatestCheckpoint, removeStaleTemporaries, saveCheckpoint } from "./checkpoint.ts";
import { createTrainingState, disposeTrainingState } from "./trainer.ts";

const POSITION = {
  phase: "train",
  epoch: 1,
  history: {},
  pretrainHistory: {},
  dataKey: "",
} as const;

function smallState() {
  const config = resolveConfig({
    generatorHidden: [4, 2, 4],
    discriminatorHidden: [3, 3],
    classifierHidden: [2, 2],
  });
  return createTrainingState(config, { inputDim: 5, numClasses: 2 }, 1);
}

/** A process id that no running process has (Linux: no `/proc/<pid>`). */
function deadPid(): number {
  for (let pid = 4_000_000;; pid++) {
    try {
      Deno.statSync(`/proc/${pid}`);
    } catch {
      return pid;
    }
  }
}

Deno.test({
  name: "saveCheckpoint() removes the temporaries of a dead writer and keeps a live one's",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await tf.setBackend("cpu");
    const dir = await Deno.makeTempDir();
    const dead = deadPid();
    await Deno.mkdir(`${dir}/.tmp-ckpt-train-000050-${dead}`);
    await Deno.writeTextFile(`${dir}/.tmp-ckpt-train-000050-${dead}/weights.bin`, "half");
    await Deno.writeTextFile(`${dir}/.latest.json.tmp-${dead}`, "{");
    // pid 1 is always running: another writer's work in progress stays.
    await Deno.mkdir(`${dir}/.tmp-ckpt-train-000060-1`);
    const state = smallState();
    try {
      await saveCheckpoint(dir, state, POSITION);
      const names = (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
      assert.deepStrictEqual(names, [
        ".tmp-ckpt-train-000060-1",
        "ckpt-train-000001",
        "latest.json",
      ]);
      assert.ok(await readLatestCheckpoint(dir));
    } finally {
      disposeTrainingState(state);
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("removeStaleTemporaries() ignores other names and a missing folder", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/ckpt-train-000001`);
  await Deno.writeTextFile(`${dir}/latest.json`, "{}");
  await Deno.writeTextFile(`${dir}/notes.txt`, "");
  assert.deepStrictEqual(await removeStaleTemporaries(dir), []);
  assert.deepStrictEqual(await removeStaleTemporaries(`${dir}/missing`), []);
  await Deno.remove(dir, { recursive: true });
});

/** The child: writes checkpoints of a small model in a loop until it is killed. */
const CHILD = `
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { resolveConfig } from "${new URL("../models/config.ts", import.meta.url).href}";
import { saveCheckpoint } from "${new URL("./checkpoint.ts", import.meta.url).href}";
import { createTrainingState } from "${new URL("./trainer.ts", import.meta.url).href}";
await tf.setBackend("cpu");
const config = resolveConfig({ generatorHidden: [256, 128, 256], discriminatorHidden: [64, 64] });
const state = createTrainingState(config, { inputDim: 300, numClasses: 2 }, 1);
console.log("ready");
for (let epoch = 1; ; epoch++) {
  await saveCheckpoint(Deno.args[0], state, { phase: "train", epoch, history: {}, pretrainHistory: {}, dataKey: "" });
}
`;

Deno.test({
  name: "a run killed with SIGKILL during a checkpoint write is cleaned up by the next write",
  ignore: Deno.build.os !== "linux",
  async fn() {
    await tf.setBackend("cpu");
    const dir = await Deno.makeTempDir();
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(script, CHILD);
    const ckpt = `${dir}/ckpt`;
    const leftovers = async () =>
      (await Array.fromAsync(Deno.readDir(ckpt))).map((e) => e.name).filter((n) =>
        n.startsWith(".")
      );
    try {
      let left: string[] = [];
      // A kill lands during a write most of the time (the temporary exists from the first
      // tensor to the rename); try a few times so that the test does not depend on timing.
      for (let attempt = 0; attempt < 8 && left.length === 0; attempt++) {
        const child = new Deno.Command(Deno.execPath(), {
          args: [
            "run",
            "-A",
            "--config",
            new URL("../../deno.json", import.meta.url).pathname,
            script,
            ckpt,
          ],
          cwd: new URL("../..", import.meta.url).pathname,
          stdout: "piped",
          stderr: "null",
        }).spawn();
        const reader = child.stdout.getReader();
        await reader.read(); // "ready"
        await new Promise((r) => setTimeout(r, 300 + 100 * attempt));
        child.kill("SIGKILL");
        await child.status;
        reader.releaseLock();
        await child.stdout.cancel();
        left = await leftovers();
      }
      assert.ok(left.length > 0, "no kill landed during a write in 8 attempts");
      assert.ok(
        left.every((n) => /^\.(tmp-ckpt-train-\d+|latest\.json\.tmp)-\d+$/.test(n)),
        `${left}`,
      );
      const state = smallState();
      try {
        // A new run in a new process would do the same on its first write; here, a folder this
        // process has not written yet.
        await saveCheckpoint(ckpt, state, POSITION);
      } finally {
        disposeTrainingState(state);
      }
      assert.deepStrictEqual(await leftovers(), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
