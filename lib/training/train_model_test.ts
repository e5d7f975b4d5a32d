import assert from "node:assert/strict";
import { initBackend } from "../backend.ts";
import { type CycleGanConfig, resolveConfig } from "../models/config.ts";
import { Rng } from "../random.ts";
import { DamagedCheckpointError, readLatestCheckpoint } from "./checkpoint.ts";
import { TrainingDivergedError } from "./errors.ts";
import { type EpochProgress, type TrainingData, trainModel } from "./train_model.ts";
import { createTrainingState, disposeTrainingState } from "./trainer.ts";

const DIM = 6;
const CONFIG: Partial<CycleGanConfig> = {
  generatorHidden: [5, 3, 5],
  discriminatorHidden: [4, 4],
  classifierHidden: [3, 3],
  batchSize: 4,
  pretrainEpochs: 4,
  epochs: 6,
  learningRate: 1e-2,
  lrDecayEvery: 2,
};

function rows(n: number, rng: Rng, shift: number): Float32Array {
  const v = new Float32Array(n * DIM);
  for (let i = 0; i < v.length; i++) v[i] = rng.float() * 0.5 + shift;
  return v;
}

function data(): TrainingData {
  const rng = new Rng(5);
  // Source 11 rows; targets of 9, 6 and 3 rows (the last is shorter than a batch: cycled).
  return {
    cols: DIM,
    source: rows(11, rng, 0),
    targets: [rows(9, rng, 0.2), rows(6, rng, 0.4), rows(3, rng, 0.6)],
  };
}

function newState() {
  return createTrainingState(resolveConfig(CONFIG), { inputDim: DIM, numClasses: 3 }, 21);
}

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "cyclegan-ckpt-" });
}

Deno.test("trainModel() records one loss per epoch by name and reports every epoch", async () => {
  await initBackend("cpu");
  const state = newState();
  const seen: EpochProgress[] = [];
  const result = await trainModel(state, data(), { onEpoch: (p) => seen.push(p) });
  assert.deepEqual(Object.keys(result.pretrainHistory), ["pre_cyc_0", "pre_cyc_1", "pre_cyc_2"]);
  assert.ok(Object.values(result.pretrainHistory).every((h) => h.length === 4));
  assert.deepEqual(Object.keys(result.history).sort(), [
    "cls",
    "cyc_0",
    "cyc_1",
    "cyc_2",
    "d_0",
    "d_1",
    "d_2",
    "g_adv_0",
    "g_adv_1",
    "g_adv_2",
  ]);
  assert.ok(Object.values(result.history).every((h) => h.length === 6));
  assert.deepEqual(seen.map((p) => `${p.phase}:${p.epoch}/${p.epochs}`), [
    "pretrain:1/4",
    "pretrain:2/4",
    "pretrain:3/4",
    "pretrain:4/4",
    "train:1/6",
    "train:2/6",
    "train:3/6",
    "train:4/6",
    "train:5/6",
    "train:6/6",
  ]);
  assert.equal(seen.at(-1)!.etaSeconds, 0);
  assert.equal(seen[4].losses.d_0, result.history.d_0[0]);
  assert.equal(result.resumedFrom, null);
  // Pre-training optimisers are released once pre-training is over.
  assert.equal(state.pretrainOptimizers, null);
  disposeTrainingState(state);
});

Deno.test("trainModel() stops at the next iteration when its signal is aborted", async () => {
  await initBackend("cpu");
  const state = newState();
  const controller = new AbortController();
  const reason = new Error("stop now");
  let epochs = 0;
  await assert.rejects(
    trainModel(state, data(), {
      signal: controller.signal,
      onEpoch: () => {
        epochs++;
        if (epochs === 2) controller.abort(reason);
      },
    }),
    (e) => e === reason,
  );
  assert.equal(epochs, 2);
  disposeTrainingState(state);
});

for (const stop of [{ phase: "pretrain", epoch: 3 }, { phase: "train", epoch: 3 }] as const) {
  Deno.test(`checkpoint → abort in ${stop.phase} epoch ${stop.epoch} → resume ends with bit-identical weights on cpu`, async () => {
    await initBackend("cpu");
    // Uninterrupted reference run.
    const ref = newState();
    const refResult = await trainModel(ref, data());
    const refWeights = ref.model.variables.map((v) => Float32Array.from(v.variable.dataSync()));
    disposeTrainingState(ref);

    // Interrupted run, checkpoints every 2 epochs: aborted after epoch 3 of a phase.
    const dir = await tempDir();
    const controller = new AbortController();
    const first = newState();
    await assert.rejects(
      trainModel(first, data(), {
        checkpointDir: dir,
        checkpointEvery: 2,
        pretrainCheckpointEvery: 2,
        signal: controller.signal,
        onEpoch: (p) => {
          if (p.phase === stop.phase && p.epoch === stop.epoch) controller.abort();
        },
      }),
      (e) => (e as Error).name === "AbortError",
    );
    disposeTrainingState(first);
    const latest = await readLatestCheckpoint(dir);
    assert.equal(latest!.meta.phase, stop.phase);
    assert.equal(latest!.meta.epoch, 2);

    // A fresh process-like state resumes from epoch 2 of that phase.
    const resumed = newState();
    const result = await trainModel(resumed, data(), {
      checkpointDir: dir,
      checkpointEvery: 2,
      pretrainCheckpointEvery: 2,
      resume: true,
    });
    assert.deepEqual(result.resumedFrom, { phase: stop.phase, epoch: 2 });
    resumed.model.variables.forEach((v, k) =>
      assert.deepEqual(v.variable.dataSync(), refWeights[k], v.name)
    );
    assert.deepEqual(result.history, refResult.history);
    assert.deepEqual(result.pretrainHistory, refResult.pretrainHistory);
    disposeTrainingState(resumed);
    const entries = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(entries, ["ckpt-train-000006", "latest.json"]);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("a NaN loss stops training with TrainingDivergedError and keeps the last good checkpoint", async () => {
  await initBackend("cpu");
  const dir = await tempDir();
  const controller = new AbortController();
  const first = newState();
  await assert.rejects(trainModel(first, data(), {
    checkpointDir: dir,
    checkpointEvery: 1,
    signal: controller.signal,
    onEpoch: (p) => {
      if (p.phase === "train" && p.epoch === 2) controller.abort();
    },
  }));
  disposeTrainingState(first);

  // Resume on data whose emotion-0 rows became NaN (e.g. a corrupt feature file).
  const poisoned = data();
  (poisoned.targets[0] as Float32Array).fill(NaN);
  const second = newState();
  await assert.rejects(
    trainModel(second, poisoned, { checkpointDir: dir, checkpointEvery: 1, resume: true }),
    (e) => {
      assert.ok(e instanceof TrainingDivergedError && e instanceof RangeError);
      assert.equal(e.phase, "train");
      assert.equal(e.epoch, 2);
      assert.equal(e.loss, "d_0");
      assert.ok(Number.isNaN(e.value));
      assert.match(
        e.message,
        /train epoch 2: loss "d_0" is NaN; the last good checkpoint is kept in/,
      );
      return true;
    },
  );
  disposeTrainingState(second);
  const kept = await readLatestCheckpoint(dir);
  assert.equal(kept!.meta.phase, "train");
  assert.equal(kept!.meta.epoch, 2);
  assert.ok(kept!.values.every(Number.isFinite));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resume refuses a checkpoint of other data or another configuration", async () => {
  await initBackend("cpu");
  const dir = await tempDir();
  const state = newState();
  await trainModel(state, data(), { checkpointDir: dir, dataKey: "fold-1" });
  disposeTrainingState(state);
  const again = newState();
  await assert.rejects(
    trainModel(again, data(), { checkpointDir: dir, resume: true, dataKey: "fold-2" }),
    /other training data/,
  );
  disposeTrainingState(again);
  const other = createTrainingState(resolveConfig({ ...CONFIG, lambdaCyc: 1 }), {
    inputDim: DIM,
    numClasses: 3,
  }, 21);
  await assert.rejects(
    trainModel(other, data(), { checkpointDir: dir, resume: true, dataKey: "fold-1" }),
    /different configuration/,
  );
  disposeTrainingState(other);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a damaged checkpoint is detected by its checksum, discarded with a warning, and training starts over", async () => {
  await initBackend("cpu");
  const ref = newState();
  await trainModel(ref, data());
  const refWeights = ref.model.variables.map((v) => Float32Array.from(v.variable.dataSync()));
  disposeTrainingState(ref);

  const dir = await tempDir();
  const controller = new AbortController();
  const first = newState();
  await assert.rejects(trainModel(first, data(), {
    checkpointDir: dir,
    checkpointEvery: 2,
    signal: controller.signal,
    onEpoch: (p) => {
      if (p.phase === "train" && p.epoch === 3) controller.abort();
    },
  }));
  disposeTrainingState(first);
  const latest = (await readLatestCheckpoint(dir))!;
  assert.match(latest.meta.weightsChecksum ?? "", /^[0-9a-f]{16}$/);
  // Overwrite part of the weights, size kept: what a checksum-less reader would load silently.
  const file = await Deno.open(`${latest.path}/weights.bin`, { write: true });
  await file.write(new Uint8Array(16).fill(0xff));
  file.close();
  await assert.rejects(readLatestCheckpoint(dir), DamagedCheckpointError);

  const warnings: string[] = [];
  const second = newState();
  const result = await trainModel(second, data(), {
    checkpointDir: dir,
    checkpointEvery: 2,
    resume: true,
    onEpoch: (p) => p.warning && warnings.push(p.warning),
  });
  assert.equal(result.resumedFrom, null);
  // Said once (the tiny model's collapse warnings aside).
  const damaged = warnings.filter((w) => w.includes("damaged checkpoint"));
  assert.equal(damaged.length, 1);
  assert.match(damaged[0], /damaged checkpoint \(weights\.bin does not match its checksum\)/);
  // Started over from the same seed: the same weights as an uninterrupted run.
  second.model.variables.forEach((v, k) =>
    assert.deepEqual(v.variable.dataSync(), refWeights[k], v.name)
  );
  disposeTrainingState(second);
  await Deno.remove(dir, { recursive: true });
});
