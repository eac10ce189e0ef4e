package org.clipfusion.sinks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.clipfusion.sinks.file-NAME.cfg}, one file per folder the plant wants results in. */
@ObjectClassDefinition(name = "ClipFusion file sink", description = "Writes each result as files into a folder")
@interface FileSinkConfig {
    @AttributeDefinition(description = "Sink id; empty for the NAME of the configuration file")
    String id() default "";

    @AttributeDefinition(description = "Folder the results are written to (created if missing)")
    String directory();

    @AttributeDefinition(description = "Anomaly map file: png16 (16-bit grayscale), npy (float32), or none")
    String mapFormat() default "png16";

    @AttributeDefinition(description = "Write an RGBA heatmap overlay PNG")
    boolean heatmap() default true;

    @AttributeDefinition(description = "Write a binary mask PNG (map above maskThreshold, or above the result's "
            + "pixel threshold when maskThreshold is empty; no mask when neither is set, and the record's "
            + "pixelThreshold says why)")
    boolean mask() default true;

    @AttributeDefinition(description = "Map value above which a pixel is in the mask; empty for the result's pixel "
            + "threshold")
    String maskThreshold() default "";

    @AttributeDefinition(description = "Map value shown as full scale in the pictures and the 16-bit PNG; 0 for "
            + "each result's own maximum (or its pixel threshold, if higher)")
    double mapScaleMax() default 0;
}
