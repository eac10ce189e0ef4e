/**
 * Checking a model directory before loading it: the tensors each checkpoint file must hold for its architecture
 * (names, shapes, dtypes), the {@link org.clipfusion.tensor.verify.ModelArchitecture} service each model family
 * provides, and a {@link org.clipfusion.tensor.verify.ModelVerifier} that compares files and SHA-256 checksums and
 * reports every difference. Reads headers only: no tensor library, no weights in memory.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.tensor.verify;
