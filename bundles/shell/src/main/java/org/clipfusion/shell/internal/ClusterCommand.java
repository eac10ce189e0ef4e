package org.clipfusion.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Parsing;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;

/**
 * {@code clipfusion:cluster}: this node in its Kafka cluster: group, the request partitions it owns with position and
 * lag, counts, and the shared recipes it holds.
 */
@Service
@Command(scope = "clipfusion", name = "cluster",
        description = "Shows this node's consumer group, owned partitions, lag and shared recipe versions")
@Parsing(HelpRedirectingParser.class)
public class ClusterCommand extends UserCommand {

    @Reference
    BundleContext bundleContext;

    @Override
    protected Object run() throws Exception {
        return OptionalService.call(bundleContext, "org.clipfusion.kafka.ClusterMonitor",
                "this node is in no cluster: create etc/org.clipfusion.kafka.cfg (feature clipfusion-kafka)",
                monitor -> {
                    ClusterReport.print(monitor);
                    return null;
                });
    }
}
