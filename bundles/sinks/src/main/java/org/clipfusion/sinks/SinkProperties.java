package org.clipfusion.sinks;

/** Service properties of {@link org.clipfusion.api.spi.ResultSink} services, beside {@code clipfusion.id}. */
public final class SinkProperties {
    /** The sink's kind, shown by {@code clipfusion:sinks}: {@code file}, {@code jdbc}, {@code mqtt}. */
    public static final String KIND = "clipfusion.sink.kind";

    private SinkProperties() {
    }
}
