/** Image decoding and the resampling, cropping, normalisation and blurring the models need, with PIL/PyTorch/scipy semantics. */
@org.osgi.annotation.versioning.Version("1.1.0")
package org.clipfusion.tensor.image;
