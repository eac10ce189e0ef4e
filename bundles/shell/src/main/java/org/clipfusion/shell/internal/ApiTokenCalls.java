package org.clipfusion.shell.internal;

import java.io.IOException;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.http.ApiRole;
import org.clipfusion.http.ApiToken;
import org.clipfusion.http.ApiTokens;

/**
 * The token commands' calls on the HTTP API's {@link ApiTokens}. The only class of the shell that names the HTTP
 * API's types: it is loaded only once the token service is registered (see {@link OptionalService}).
 */
final class ApiTokenCalls {
    static final String SERVICE = "org.clipfusion.http.ApiTokens";
    static final String MISSING = "the HTTP API is not running (feature clipfusion-http)";

    private ApiTokenCalls() {
    }

    /** @return the new token's secret */
    static String create(Object tokens, String name, String role) throws IOException {
        return ((ApiTokens) tokens).create(name, ApiRole.parse(role));
    }

    static boolean revoke(Object tokens, String name) throws IOException {
        return ((ApiTokens) tokens).revoke(name);
    }

    static void printList(Object tokens) {
        ShellTable table = new ShellTable();
        table.emptyTableText("no API tokens (clipfusion:token-create --role viewer NAME)");
        table.column("Name");
        table.column("Role");
        table.column("Created");
        for (ApiToken token : ((ApiTokens) tokens).list()) {
            table.addRow().addContent(token.name(), token.role().id(), token.created());
        }
        table.print(System.out);
    }
}
