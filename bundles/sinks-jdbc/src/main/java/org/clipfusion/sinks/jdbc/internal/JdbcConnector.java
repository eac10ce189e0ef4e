package org.clipfusion.sinks.jdbc.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens connections with the driver the URL names. The drivers are instantiated directly rather than through
 * {@code DriverManager}, which in OSGi sees only drivers on its caller's class path and so finds none.
 *
 * @param url            the JDBC URL
 * @param user           may be empty
 * @param password       may be empty
 * @param timeoutSeconds connect and statement timeout
 */
record JdbcConnector(String url, String user, String password, int timeoutSeconds) {

    /** The embedded default: an H2 database file per sink under the Karaf data folder. */
    static String embeddedUrl(Path karafData, String sinkId) {
        return "jdbc:h2:" + karafData.resolve("clipfusion").resolve("database").resolve(sinkId).toAbsolutePath();
    }

    JdbcConnector {
        if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("url '" + url + "' is neither jdbc:postgresql: nor jdbc:h2:");
        }
        if (timeoutSeconds < 1) {
            throw new IllegalArgumentException("timeoutSeconds must be at least 1, got " + timeoutSeconds);
        }
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (!user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (!password.isEmpty()) {
            properties.setProperty("password", password);
        }
        Driver driver;
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("connectTimeout", Integer.toString(timeoutSeconds));
            properties.setProperty("socketTimeout", Integer.toString(timeoutSeconds * 3));
            properties.setProperty("loginTimeout", Integer.toString(timeoutSeconds));
            driver = new org.postgresql.Driver();
        } else {
            driver = new org.h2.Driver();
        }
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("the driver does not accept the url " + url);
        }
        return connection;
    }

    /** The URL without credentials, for logs and errors. */
    String describe() {
        int parameters = url.indexOf('?');
        return parameters < 0 ? url : url.substring(0, parameters);
    }
}
