package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/** {@code clipfusion:tokens}: the HTTP API's tokens with their roles (never their secrets). */
@Service
@Command(scope = "clipfusion", name = "tokens", description = "Lists the HTTP API tokens")
@Parsing(HelpRedirectingParser.class)
public class TokensCommand extends UserCommand {

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws Exception {
        return OptionalService.call(bundleContext, ApiTokenCalls.SERVICE, ApiTokenCalls.MISSING, tokens -> {
            ApiTokenCalls.printList(tokens);
            return null;
        });
    }
}
