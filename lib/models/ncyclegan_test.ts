import assert from "node:assert/strict";
import { initBackend } from "../backend.ts";
import { Rng } from "../random.ts";
import { resolveConfig } from "./config.ts";
import {
  classifierVariables,
  createModel,
  discriminatorVariables,
  disposeModel,
  generatorVariables,
} from "./ncyclegan.ts";

Deno.test("createModel() builds the paper's layer sizes (Sec. 4.1)", async () => {
  await initBackend("cpu");
  const model = createModel(resolveConfig(), { inputDim: 1582, numClasses: 1 }, new Rng(1));
  const { g, f, dT, dS } = model.gans[0];
  assert.deepEqual(g.spec.sizes, [1582, 1000, 500, 1000, 1582]);
  assert.deepEqual(f.spec.sizes, [1582, 1000, 500, 1000, 1582]);
  assert.deepEqual(dT.spec.sizes, [1582, 1000, 1000, 1]);
  assert.deepEqual(dS.spec.sizes, [1582, 1000, 1000, 1]);
  assert.deepEqual(model.classifier!.spec.sizes, [1582, 100, 100, 1]);
  assert.equal(g.spec.dropout, 0.2);
  assert.equal(dT.spec.dropout, 0.2);
  assert.equal(model.classifier!.spec.dropout, 0.5);
  assert.equal(g.spec.alpha, 0.2);
  disposeModel(model);
});

Deno.test("createModel() groups variables by role and names them G_i, F_i, D_T_i, D_S_i, C", async () => {
  await initBackend("cpu");
  const config = resolveConfig({
    generatorHidden: [4],
    discriminatorHidden: [3],
    classifierHidden: [2],
  });
  const model = createModel(config, { inputDim: 5, numClasses: 2 }, new Rng(1));
  const prefixes = (vs: { name: string }[]) => [...new Set(vs.map((v) => v.name.split("/")[0]))];
  assert.deepEqual(prefixes(generatorVariables(model)), ["G_0", "F_0", "G_1", "F_1"]);
  assert.deepEqual(prefixes(discriminatorVariables(model)), ["D_T_0", "D_S_0", "D_T_1", "D_S_1"]);
  assert.deepEqual(prefixes(classifierVariables(model)), ["C"]);
  // per emotion: G, F (2 layers) and D_T, D_S (2 layers), a kernel and a bias each; C: 2 layers
  assert.equal(model.variables.length, 2 * (4 + 4 + 4 + 4) + 4);
  disposeModel(model);
});

Deno.test("createModel() with λ_cls = 0 has no classifier at all", async () => {
  await initBackend("cpu");
  const config = resolveConfig({ generatorHidden: [4], discriminatorHidden: [3], lambdaCls: 0 });
  const model = createModel(config, { inputDim: 5, numClasses: 3 }, new Rng(1));
  assert.equal(model.classifier, null);
  assert.equal(classifierVariables(model).length, 0);
  assert.ok(model.variables.every((v) => !v.name.startsWith("C/")));
  disposeModel(model);
});

Deno.test("createModel() gives the same weights for the same seed", async () => {
  await initBackend("cpu");
  const config = resolveConfig({ generatorHidden: [4], discriminatorHidden: [3] });
  const a = createModel(config, { inputDim: 5, numClasses: 2 }, new Rng(3));
  const b = createModel(config, { inputDim: 5, numClasses: 2 }, new Rng(3));
  a.variables.forEach((v, k) =>
    assert.deepEqual(v.variable.dataSync(), b.variables[k].variable.dataSync())
  );
  disposeModel(a);
  disposeModel(b);
});
