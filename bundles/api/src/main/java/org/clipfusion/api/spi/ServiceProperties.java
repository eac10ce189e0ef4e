package org.clipfusion.api.spi;

/** Service properties shared by every ClipFusion provider. */
public final class ServiceProperties {
    /** The provider's stable id, e.g. {@code patchclip}, {@code weighted-sum}; unique per service interface. */
    public static final String ID = "clipfusion.id";

    private ServiceProperties() {
    }
}
