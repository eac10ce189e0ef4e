package org.clipfusion.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens of the HTTP interface. Only a SHA-256 hash of each secret is stored (tokens are 256-bit random
 * values, so a fast hash suffices and a leaked file reveals no usable token); the secret is shown once, at creation.
 */
public interface ApiTokens {

    /**
     * Creates a token and returns its secret, which is not kept anywhere.
     *
     * @throws IllegalArgumentException when the name is malformed or already taken
     * @throws IOException              when the token file cannot be written
     */
    String create(String name, ApiRole role) throws IOException;

    /** @return false when there is no token of that name */
    boolean revoke(String name) throws IOException;

    List<ApiToken> list();

    /** The token whose secret this is, if any. */
    Optional<ApiToken> authenticate(String secret);
}
