package org.clipfusion.monitoring;

import java.io.IOException;
import java.io.OutputStream;

/** Every {@code clipfusion_*} metric, written in the Prometheus text exposition format (version 0.0.4). */
public interface MetricsExposition {

    /** The content type of what {@link #writeTo} writes. */
    String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Writes a fresh scrape of every metric. */
    void writeTo(OutputStream out) throws IOException;
}
