package org.clipfusion.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.clipfusion.http.ApiRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {

    @Test
    void createdTokensAuthenticateWithTheirRoleAndAreStoredOnlyAsHashes(@TempDir Path etc) throws Exception {
        Path file = etc.resolve("tokens.properties");
        TokenFile tokens = new TokenFile(file);
        String secret = tokens.create("line3", ApiRole.OPERATOR);
        assertTrue(secret.startsWith("cf_"));
        assertEquals(ApiRole.OPERATOR, tokens.authenticate(secret).orElseThrow().role());
        String stored = Files.readString(file);
        assertFalse(stored.contains(secret.substring(3)));
        // the stored hash is SHA-256 of the secret, as `printf %s SECRET | sha256sum` computes it
        assertTrue(stored.contains(java.util.HexFormat.of().formatHex(java.security.MessageDigest
                .getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)))));

        TokenFile reread = new TokenFile(file);
        assertEquals("line3", reread.authenticate(secret).orElseThrow().name());
        assertTrue(reread.authenticate(secret + "x").isEmpty());
        assertTrue(reread.authenticate("").isEmpty());
        assertTrue(reread.authenticate(null).isEmpty());
    }

    @Test
    void revokedTokensNoLongerAuthenticateAndNamesAreChecked(@TempDir Path etc) throws Exception {
        TokenFile tokens = new TokenFile(etc.resolve("tokens.properties"));
        String secret = tokens.create("screen", ApiRole.VIEWER);
        assertThrows(IllegalArgumentException.class, () -> tokens.create("screen", ApiRole.ADMIN));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("a b", ApiRole.ADMIN));
        assertTrue(tokens.revoke("screen"));
        assertFalse(tokens.revoke("screen"));
        assertTrue(tokens.authenticate(secret).isEmpty());
        assertTrue(tokens.list().isEmpty());
    }

    @Test
    void rolesIncludeTheLowerOnes() {
        assertTrue(ApiRole.ADMIN.includes(ApiRole.OPERATOR));
        assertTrue(ApiRole.OPERATOR.includes(ApiRole.VIEWER));
        assertFalse(ApiRole.VIEWER.includes(ApiRole.OPERATOR));
        assertEquals(ApiRole.ADMIN, ApiRole.parse(" Admin "));
        assertThrows(IllegalArgumentException.class, () -> ApiRole.parse("root"));
    }
}
