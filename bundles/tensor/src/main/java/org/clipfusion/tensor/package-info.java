/** Tensor files: {@code .safetensors} checkpoints and {@code .npy} arrays, read without any deep-learning library. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.tensor;
