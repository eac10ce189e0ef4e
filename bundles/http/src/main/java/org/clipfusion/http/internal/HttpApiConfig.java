package org.clipfusion.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.clipfusion.http.cfg}. The port, address and TLS are Pax Web's ({@code etc/org.ops4j.pax.web.cfg});
 * these are the API's own limits.
 */
@ObjectClassDefinition(name = "ClipFusion HTTP API", description = "Limits of the /api/v1 API, /metrics and the "
        + "dashboard")
@interface HttpApiConfig {

    @AttributeDefinition(description = "Largest accepted request body (an image upload) in bytes")
    long maxUploadBytes() default 32L * 1024 * 1024;

    @AttributeDefinition(description = "Sustained requests per second per token (or per address without one)")
    double requestsPerSecond() default 20;

    @AttributeDefinition(description = "Requests a client may make at once before the rate applies")
    int burst() default 40;

    @AttributeDefinition(description = "Results kept for GET /results, idempotent retries and the dashboard")
    int retainedResults() default 1000;

    @AttributeDefinition(description = "Folders whose images the API may read by path (JSON inspect and fit); "
            + "empty: none, uploads only")
    String[] allowedImageRoots() default {};

    @AttributeDefinition(description = "Serve /metrics without a token (for a Prometheus inside a closed network)")
    boolean metricsWithoutToken() default false;
}
