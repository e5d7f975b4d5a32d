import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs-core";
import { initBackend } from "../backend.ts";
import { Rng } from "../random.ts";
import { resolveConfig } from "./config.ts";
import { appendMinibatchStd, Mlp } from "./mlp.ts";
import { createModel, disposeModel } from "./ncyclegan.ts";

const SIZES = [6, 5, 6];

function rows(n: number, cols: number, seed: number): tf.Tensor2D {
  const rng = new Rng(seed);
  return tf.tensor2d(Float32Array.from({ length: n * cols }, () => rng.normal()), [n, cols]);
}

Deno.test("a residual Mlp starts as the identity and changes once its last kernel moves", async () => {
  await initBackend("cpu");
  const net = new Mlp(
    { name: "G", sizes: SIZES, alpha: 0.2, dropout: 0, residual: true },
    new Rng(1),
  );
  const x = rows(4, 6, 2);
  assert.deepEqual(Array.from(net.apply(x, null).dataSync()), Array.from(x.dataSync()));
  net.kernels[net.kernels.length - 1].assign(tf.onesLike(net.kernels[net.kernels.length - 1]));
  const y = net.apply(x, null).dataSync();
  assert.ok(Array.from(y).some((v, i) => Math.abs(v - x.dataSync()[i]) > 1e-3));
  net.dispose();
  x.dispose();
});

Deno.test("a residual Mlp draws the same other weights as the plain one", async () => {
  await initBackend("cpu");
  const plain = new Mlp({ name: "G", sizes: SIZES, alpha: 0.2, dropout: 0 }, new Rng(3));
  const res = new Mlp(
    { name: "G", sizes: SIZES, alpha: 0.2, dropout: 0, residual: true },
    new Rng(3),
  );
  assert.deepEqual(plain.kernels[0].dataSync(), res.kernels[0].dataSync());
  assert.ok(res.kernels[1].dataSync().every((v) => v === 0));
  assert.throws(
    () =>
      new Mlp({ name: "X", sizes: [6, 4, 5], alpha: 0.2, dropout: 0, residual: true }, new Rng(1)),
    /equal input and output widths/,
  );
  plain.dispose();
  res.dispose();
});

Deno.test("an affine skip starts the network at x ⊙ scale + shift, as named trainable variables", async () => {
  await initBackend("cpu");
  const scale = Float32Array.from([1, 2, 0.5, 0, 3, 1]);
  const shift = Float32Array.from([0, 1, -1, 4, 0, 2]);
  const net = new Mlp(
    { name: "G_0", sizes: SIZES, alpha: 0.2, dropout: 0, residual: true, skip: { scale, shift } },
    new Rng(1),
  );
  const x = rows(3, 6, 4);
  const y = net.apply(x, null).dataSync(), xv = x.dataSync();
  for (let i = 0; i < y.length; i++) {
    assert.ok(Math.abs(y[i] - (xv[i] * scale[i % 6] + shift[i % 6])) < 1e-6);
  }
  const names = net.variables.map((v) => v.name);
  assert.ok(names.includes("G_0/skip/scale") && names.includes("G_0/skip/shift"));
  assert.throws(
    () =>
      new Mlp(
        { name: "X", sizes: SIZES, alpha: 0.2, dropout: 0, skip: { scale, shift } },
        new Rng(1),
      ),
    /not residual/,
  );
  net.dispose();
  x.dispose();
});

Deno.test("appendMinibatchStd() adds the batch's mean per-feature std as one column", async () => {
  await initBackend("cpu");
  const x = tf.tensor2d([[0, 0], [2, 4]]);
  const y = appendMinibatchStd(x);
  assert.deepEqual(y.shape, [2, 3]);
  const last = [y.dataSync()[2], y.dataSync()[5]];
  // per-feature population std: 1 and 2, mean 1.5
  for (const v of last) assert.ok(Math.abs(v - 1.5) < 1e-4);
  const same = appendMinibatchStd(tf.tensor2d([[1, 1], [1, 1]])).dataSync();
  assert.ok(Math.abs(same[2] - 1e-4) < 1e-6, `identical rows give ${same[2]}`);
  tf.dispose([x, y]);
});

Deno.test("createModel() builds the configured generator form and discriminator input", async () => {
  await initBackend("cpu");
  const base = { generatorHidden: [4], discriminatorHidden: [3], lambdaCls: 0 };
  const affine = createModel(
    resolveConfig({ ...base, generatorForm: "affine-residual", minibatchStd: true }),
    { inputDim: 5, numClasses: 2 },
    new Rng(1),
  );
  assert.ok(affine.gans.every((p) => p.g.skip !== null && p.f.skip !== null));
  assert.deepEqual(affine.gans[0].dT.kernels[0].shape, [6, 3]); // 5 features + minibatch std
  const x = rows(2, 5, 9);
  assert.deepEqual(affine.gans[1].g.apply(x, null).dataSync(), x.dataSync()); // identity skips
  const plain = createModel(resolveConfig(base), { inputDim: 5, numClasses: 2 }, new Rng(1));
  assert.ok(plain.gans.every((p) => p.g.skip === null && !p.g.spec.residual));
  assert.throws(
    () =>
      createModel(resolveConfig({ ...base, generatorForm: "affine-residual" }), {
        inputDim: 5,
        numClasses: 2,
        skips: [],
      }, new Rng(1)),
    /Expected 2 generator skips/,
  );
  disposeModel(affine);
  disposeModel(plain);
  x.dispose();
});

Deno.test("resolveConfig() validates the remedy options", () => {
  assert.throws(() => resolveConfig({ generatorForm: "deep" as "plain" }), /generatorForm/);
  assert.throws(() => resolveConfig({ synthesisSpace: "log" as "minmax" }), /synthesisSpace/);
  assert.throws(() => resolveConfig({ lambdaIdentity: -1 }), /lambdaIdentity/);
  assert.throws(() => resolveConfig({ minibatchStd: 1 as unknown as boolean }), /minibatchStd/);
  const paper = resolveConfig({}, "paper");
  assert.equal(paper.generatorForm, "plain");
  assert.equal(paper.synthesisSpace, "minmax");
  assert.equal(paper.sourceBatches, "per-gan");
  assert.equal(paper.lambdaIdentity, 0);
  assert.equal(paper.minibatchStd, false);
});
