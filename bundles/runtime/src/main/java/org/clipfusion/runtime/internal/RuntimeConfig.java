package org.clipfusion.runtime.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code org.clipfusion.runtime} ({@code etc/org.clipfusion.runtime.cfg}). */
@ObjectClassDefinition(name = "ClipFusion runtime", description = "ND4J backend, threads and native memory limits")
public @interface RuntimeConfig {

    @AttributeDefinition(description = "Backend: cpu, or cuda (needs the clipfusion-runtime-cuda feature and a "
            + "GPU of compute capability 3.7 to 8.9; otherwise the runtime says why and stays on CPU)")
    String backend() default "cpu";

    @AttributeDefinition(description = "ND4J op threads; 0 = number of cores")
    int computeThreads() default 0;

    @AttributeDefinition(description = "BLAS threads; 0 = number of cores")
    int blasThreads() default 0;

    @AttributeDefinition(description = "At most this many milliseconds between garbage collections while models run "
            + "(0 = leave it to the JVM). ND4J frees native buffers only when their Java objects are collected; a "
            + "service that allocates little heap would otherwise hold hundreds of MB of dead tensors between GCs.")
    int gcWindowMillis() default 5000;

    @AttributeDefinition(description = "Cap on off-heap bytes ND4J may allocate, e.g. 12g; empty = JavaCPP's "
            + "default (4 x -Xmx). Read when the native libraries first load: changing it needs a restart.")
    String maxNativeBytes() default "";

    @AttributeDefinition(description = "Cap on the process's resident memory, e.g. 20g; empty = JavaCPP's default. "
            + "Read when the native libraries first load: changing it needs a restart.")
    String maxPhysicalBytes() default "";
}
