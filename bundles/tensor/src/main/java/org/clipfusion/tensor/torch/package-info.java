/**
 * PyTorch checkpoints ({@code torch.save} files of torch 1.6 and later: a zip holding a pickle and raw storages),
 * read without Python and without running any code from the file, and converted to {@code .safetensors}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.tensor.torch;
