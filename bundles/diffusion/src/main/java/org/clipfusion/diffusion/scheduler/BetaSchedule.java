package org.clipfusion.diffusion.scheduler;

/** How diffusers' schedulers derive the noise variances β_t from {@code beta_start} and {@code beta_end}. */
public enum BetaSchedule {
    /** {@code linear}: β evenly spaced from beta_start to beta_end. */
    LINEAR("linear"),
    /** {@code scaled_linear}: √β evenly spaced, then squared (Stable Diffusion's). */
    SCALED_LINEAR("scaled_linear"),
    /** {@code squaredcos_cap_v2}: the cosine schedule of improved DDPM, β capped at 0.999 (start and end unused). */
    SQUAREDCOS_CAP_V2("squaredcos_cap_v2");

    private final String configName;

    BetaSchedule(String configName) {
        this.configName = configName;
    }

    /** The {@code beta_schedule} value. */
    public String configName() {
        return configName;
    }
}
