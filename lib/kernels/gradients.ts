/**
 * Registers the gradient functions of every TensorFlow.js op.
 *
 * `@tensorflow/tfjs-core` 4.x ships its gradients only as extension-less ES modules
 * (`dist/register_all_gradients`) that Deno cannot resolve; the union package
 * `@tensorflow/tfjs` bundles them and registers them on import into the same `tfjs-core`
 * instance (same pinned version). Import this module for its side effect before calling
 * `tf.variableGrads` or `tf.grads`; `lib/backend.ts` does.
 * @module
 */
import "@tensorflow/tfjs";
