package org.clipfusion.http.internal.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.http.ApiToken;
import org.clipfusion.http.ApiTokens;

/** {@code clipfusion:tokens}: the API tokens by name, role and creation time (never their secrets). */
@Service
@Command(scope = "clipfusion", name = "tokens", description = "Lists the HTTP API tokens")
public class TokensCommand implements Action {

    @Reference
    ApiTokens tokens;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.emptyTableText("no API tokens (clipfusion:token-create --role viewer NAME)");
        table.column("Name");
        table.column("Role");
        table.column("Created");
        for (ApiToken token : tokens.list()) {
            table.addRow().addContent(token.name(), token.role().id(), token.created());
        }
        table.print(System.out);
        return null;
    }
}
