/**
 * The noise schedule of a diffusion model: {@link org.clipfusion.diffusion.scheduler.SchedulerConfig} reads a
 * diffusers {@code scheduler_config.json}, {@link org.clipfusion.diffusion.scheduler.NoiseScheduler} gives β_t,
 * ᾱ_t and {@code add_noise}, bit-identical to diffusers.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package org.clipfusion.diffusion.scheduler;
