/**
 * Model plumbing shared by the model bundles: {@link org.clipfusion.model.ModelLoadException}, the one error every
 * model loader (open_clip, Stable Diffusion's text encoder, VAE, UNet, scheduler) reports a bad config or checkpoint
 * with.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.model;
