package org.clipfusion.http.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.clipfusion.http.ApiRole;
import org.clipfusion.http.ApiTokens;

/** {@code clipfusion:token-create}: creates an API token and prints its secret, the only time it is shown. */
@Service
@Command(scope = "clipfusion", name = "token-create", description = "Creates an HTTP API token and prints it once")
public class TokenCreateCommand implements Action {

    @Option(name = "-r", aliases = "--role", description = "viewer (reads), operator (also inspects and fits) or "
            + "admin (also manages categories); default viewer")
    @Completion(value = StringsCompleter.class, values = {"viewer", "operator", "admin"})
    String role = "viewer";

    @Argument(index = 0, name = "name", required = true, description = "Who or what uses the token, e.g. line3-mes")
    String name;

    @Reference
    ApiTokens tokens;

    @Override
    public Object execute() throws Exception {
        String secret = tokens.create(name, ApiRole.parse(role));
        System.out.println(secret);
        return null;
    }
}
