package org.clipfusion.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the detection engine, PID {@code org.clipfusion.engine} (Karaf:
 * {@code etc/org.clipfusion.engine.cfg}). Every value is optional; a value out of range is logged and replaced by
 * its default, so a typo never takes the engine down. Changes apply without restarting the engine.
 */
@ObjectClassDefinition(name = "ClipFusion detection engine",
        description = "Post-processing shared by every category, scorer threads and where fits are stored.")
public @interface EngineConfig {

    @AttributeDefinition(name = "Evaluation grid",
            description = "Side of the square grid every map is resampled to (bilinear, align_corners=False).")
    int evaluationGrid() default 256;

    @AttributeDefinition(name = "Smoothing sigma",
            description = "Standard deviation, in grid pixels, of the Gaussian applied to the fused map (0 = none).")
    double smoothingSigma() default 4.0;

    @AttributeDefinition(name = "Scorer threads",
            description = "How a request's scorers run: 1 = one after the other on the request's thread (on a CPU each "
                    + "scorer already uses every core); N > 1 = in parallel on N threads shared by all requests "
                    + "(GPUs, remote scorers); 0 = in parallel on one thread per core.")
    int scorerThreads() default 1;

    @AttributeDefinition(name = "Minimum image side",
            description = "Images to inspect and references narrower or lower than this many "
                    + "pixels are refused: a broken camera frame must not pass as a good part. 1 = any size.")
    int minImageSide() default 32;

    @AttributeDefinition(name = "Data directory",
            description = "Where fitted memory banks are kept; empty = ${karaf.data}/clipfusion (or java.io.tmpdir).")
    String dataDirectory() default "";

    @AttributeDefinition(name = "Service wait (seconds)",
            description = "How long a request waits for a scorer or fusion strategy its category needs that is"
                    + " momentarily not registered (its bundle is restarting or updating, its model loading) before"
                    + " it fails; long enough for a full-size model to load on a CPU.")
    int serviceWaitSeconds() default 300;

    @AttributeDefinition(name = "Outbox wait (seconds)",
            description = "How long a request waits for the sinks' outbox when it is momentarily away (the sinks"
                    + " bundle is restarting or updating) before it fails; a result is never acknowledged"
                    + " unrecorded.")
    int outboxWaitSeconds() default 60;
}
