/**
 * Model descriptors ({@code models/*.json}): where each file of a supported model comes from, its size and SHA-256
 * where published, how to convert it, and the directory layout ClipFusion expects. {@code models/fetch} reads them
 * through {@link org.clipfusion.tensor.descriptor.FetchPlanCommand}.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.tensor.descriptor;
