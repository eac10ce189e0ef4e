package org.clipfusion.http.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import org.clipfusion.http.ApiRole;
import org.clipfusion.http.ApiToken;
import org.clipfusion.http.ApiTokens;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@link ApiTokens} service over {@code etc/clipfusion-api-tokens.properties}. */
@Component(service = ApiTokens.class, immediate = true)
public class TokenStoreComponent implements ApiTokens {
    static final String FILE_NAME = "clipfusion-api-tokens.properties";
    private TokenFile tokens;

    @Activate
    void activate() {
        String etc = System.getProperty("karaf.etc", "etc");
        tokens = new TokenFile(tokenFile(Paths.get(etc)));
    }

    static Path tokenFile(Path etc) {
        return etc.resolve(FILE_NAME);
    }

    @Override
    public String create(String name, ApiRole role) throws IOException {
        return tokens.create(name, role);
    }

    @Override
    public boolean revoke(String name) throws IOException {
        return tokens.revoke(name);
    }

    @Override
    public List<ApiToken> list() {
        return tokens.list();
    }

    @Override
    public Optional<ApiToken> authenticate(String secret) {
        return tokens.authenticate(secret);
    }
}
