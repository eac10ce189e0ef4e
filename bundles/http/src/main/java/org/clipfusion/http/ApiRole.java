package org.clipfusion.http;

import java.util.Locale;

/** What a token may do; each role includes the ones before it. */
public enum ApiRole {
    /** Reads results, images, categories, scorers, sinks, status, metrics and the live stream. */
    VIEWER,
    /** Also inspects images and fits categories. */
    OPERATOR,
    /** Also creates, changes and deletes categories, unfits them and selects fusion strategies. */
    ADMIN;

    public boolean includes(ApiRole other) {
        return compareTo(other) >= 0;
    }

    /** {@code viewer}, {@code operator} or {@code admin}, any case. */
    public static ApiRole parse(String text) {
        for (ApiRole role : values()) {
            if (role.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of viewer, operator, admin");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
