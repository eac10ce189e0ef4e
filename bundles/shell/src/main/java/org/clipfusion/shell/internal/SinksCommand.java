package org.clipfusion.shell.internal;

import java.time.Duration;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.sinks.SinkMonitor;
import org.clipfusion.sinks.SinkStatus;

/**
 * {@code clipfusion:sinks}: every result sink the outbox knows, with its delivery state, backlog, the age of its
 * oldest undelivered result, counts and last error; {@code --forget} releases the backlog of a sink whose
 * configuration was removed for good.
 */
@Service
@Command(scope = "clipfusion", name = "sinks", description = "Shows each result sink's state, backlog and last error")
@Parsing(HelpRedirectingParser.class)
public class SinksCommand extends UserCommand {

    @Option(name = "--forget", description = "Forget a sink that is no longer configured (state ABSENT): its "
            + "undelivered results are released")
    String forget;

    @Reference(optional = true)
    SinkMonitor monitor;

    @Override
    protected Object run() throws Exception {
        if (monitor == null) {
            throw new IllegalStateException("the result outbox is not running (feature clipfusion-sinks)");
        }
        if (forget != null) {
            if (!monitor.forget(forget)) {
                throw new IllegalArgumentException("cannot forget sink '" + forget + "': it is unknown or still "
                        + "configured (remove its etc/ file first)");
            }
            System.out.println("sink '" + forget + "' forgotten");
            return null;
        }
        List<SinkStatus> sinks = monitor.sinks();
        if (sinks.isEmpty()) {
            System.out.println("No sinks configured: add etc/org.clipfusion.sinks.<file|jdbc|mqtt>-NAME.cfg");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Sink");
        table.column("Kind");
        table.column("State");
        table.column("Backlog").alignRight();
        table.column("Oldest").alignRight();
        table.column("Delivered").alignRight();
        table.column("Dropped").alignRight();
        table.column("Rejected").alignRight();
        table.column("Last error");
        for (SinkStatus sink : sinks) {
            table.addRow().addContent(sink.id(), sink.kind(), sink.state() + (sink.alarm() ? " ALARM" : ""),
                    sink.backlog(), sink.backlog() == 0 ? "-" : age(sink.oldestAge()), sink.delivered(),
                    sink.dropped(), sink.rejected(), sink.lastError());
        }
        table.print(System.out);
        if (sinks.stream().anyMatch(SinkStatus::alarm)) {
            System.out.println("ALARM: the outbox is at 80 % of maxEntries or maxAgeHours"
                    + " (etc/org.clipfusion.sinks.outbox.cfg); beyond it the oldest results are dropped.");
        }
        return null;
    }

    private static String age(Duration age) {
        long seconds = age.getSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return String.format("%.1f h", seconds / 3600.0);
    }
}
