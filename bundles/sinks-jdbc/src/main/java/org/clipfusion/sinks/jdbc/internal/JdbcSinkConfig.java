package org.clipfusion.sinks.jdbc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code etc/org.clipfusion.sinks.jdbc-NAME.cfg}, one file per database. */
@ObjectClassDefinition(name = "ClipFusion database sink",
        description = "Stores results and provenance in PostgreSQL, or in an embedded H2 database")
@interface JdbcSinkConfig {
    @AttributeDefinition(description = "Sink id; empty for the NAME of the configuration file")
    String id() default "";

    @AttributeDefinition(description = "jdbc:postgresql://host:port/database, or jdbc:h2:/path; empty for an embedded "
            + "H2 database at ${karaf.data}/clipfusion/database/<id>")
    String url() default "";

    @AttributeDefinition(description = "Database user")
    String user() default "";

    @AttributeDefinition(description = "Database password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String password() default "";

    @AttributeDefinition(description = "Seconds to wait for a connection or a statement before the delivery fails "
            + "and is retried")
    int timeoutSeconds() default 10;
}
