package org.clipfusion.http.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.clipfusion.http.ApiTokens;

/** {@code clipfusion:token-revoke}: deletes a token; requests bearing it are refused from then on. */
@Service
@Command(scope = "clipfusion", name = "token-revoke", description = "Revokes an HTTP API token")
public class TokenRevokeCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "The token's name")
    String name;

    @Reference
    ApiTokens tokens;

    @Override
    public Object execute() throws Exception {
        if (!tokens.revoke(name)) {
            throw new IllegalArgumentException("no token named '" + name + "' (clipfusion:tokens lists them)");
        }
        System.out.println("Token " + name + " revoked");
        return null;
    }
}
