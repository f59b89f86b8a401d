/**
 * Matrix products with hand-written gradients. On the wasm backend the stock gradient of a
 * matMul with a transposed operand dominates a training step; transposing explicitly (or
 * passing a precomputed transpose of a constant operand) and calling a plain matMul makes a
 * step 3-6x faster with identical values (toolchain.md §1).
 */
import * as tf from '@tensorflow/tfjs';

type In = tf.Tensor | tf.GradSaveFunc;

/** X[n,d] · W[d,c]; dX = dY·Wᵀ, dW = Xᵀ·dY. */
export const dense = tf.customGrad((...args: In[]) => {
  const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy: tf.Tensor, [xs, ws]: tf.Tensor[]) => [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)],
  };
}) as (x: tf.Tensor, w: tf.Tensor) => tf.Tensor;

/**
 * A · H with A constant (adjacency [B,n,n] or one-hot selector [m,k]) and its transpose given:
 * dH = Aᵀ·dY with no transpose at run time. A gets a zero gradient (never trained).
 */
export const constMatMul = tf.customGrad((...args: In[]) => {
  const [a, at, h, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, at]);
  return {
    value: tf.matMul(a, h),
    gradFunc: (dy: tf.Tensor, [as, ats]: tf.Tensor[]) => [tf.zerosLike(as), tf.zerosLike(ats), tf.matMul(ats, dy)],
  };
}) as (a: tf.Tensor, at: tf.Tensor, h: tf.Tensor) => tf.Tensor;
