package org.clipfusion.http;

import java.time.Instant;
import java.util.Objects;

/**
 * A token as stored: never the secret itself, only its name, role and creation time.
 *
 * @param name    the token's name, chosen at creation (who or what uses it)
 * @param role    what it may do
 * @param created when it was created
 */
public record ApiToken(String name, ApiRole role, Instant created) {
    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(created, "created");
    }
}
