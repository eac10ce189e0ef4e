package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code clipfusion:token-revoke}: deletes a token; requests bearing it are refused from then on. */
@Service
@Command(scope = "clipfusion", name = "token-revoke", description = "Revokes an HTTP API token")
@Parsing(HelpRedirectingParser.class)
public class TokenRevokeCommand extends UserCommand {

    @Argument(index = 0, name = "name", required = true, description = "The token's name")
    String name;

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws Exception {
        boolean revoked = OptionalService.call(bundleContext, ApiTokenCalls.SERVICE, ApiTokenCalls.MISSING,
                tokens -> ApiTokenCalls.revoke(tokens, name));
        if (!revoked) {
            throw new IllegalArgumentException("no token named '" + name + "' (clipfusion:tokens lists them)");
        }
        System.out.println("Token " + name + " revoked");
        return null;
    }
}
