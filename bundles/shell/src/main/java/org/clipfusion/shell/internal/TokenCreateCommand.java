package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** {@code clipfusion:token-create}: creates an API token and prints its secret, the only time it is shown. */
@Service
@Command(scope = "clipfusion", name = "token-create", description = "Creates an HTTP API token and prints it once")
@Parsing(HelpRedirectingParser.class)
public class TokenCreateCommand extends UserCommand {
    @Option(name = "-r", aliases = "--role", description = "viewer (reads), operator (also inspects and fits) or "
            + "admin (also manages categories)")
    @Completion(value = StringsCompleter.class, values = {"viewer", "operator", "admin"})
    String role = "viewer";

    @Argument(index = 0, name = "name", required = true, description = "Who or what uses the token, e.g. line3-mes")
    String name;

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws Exception {
        String secret = OptionalService.call(bundleContext, ApiTokenCalls.SERVICE, ApiTokenCalls.MISSING,
                tokens -> ApiTokenCalls.create(tokens, name, role));
        System.out.println(secret);
        return null;
    }
}
