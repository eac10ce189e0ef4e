package org.clipfusion.shell.internal;

import java.util.stream.Collectors;
import org.apache.karaf.shell.support.table.ShellTable;
import org.clipfusion.kafka.ClusterMonitor;
import org.clipfusion.kafka.ClusterStatus;
import org.clipfusion.kafka.ClusterStatus.RecipeStatus;

/**
 * Prints a node's cluster status for {@code clipfusion:cluster}. The only class of the shell that names the Kafka
 * API's types: it is loaded only once the cluster monitor is registered (see {@link OptionalService}).
 */
final class ClusterReport {
    private ClusterReport() {
    }

    static void print(Object clusterMonitor) {
        ClusterStatus status = ((ClusterMonitor) clusterMonitor).status();
        System.out.printf("Node         %s%n", status.nodeId());
        System.out.printf("Kafka        %s%n", status.bootstrapServers());
        System.out.printf("Group        %s (requests from %s)%n", status.groupId(), status.requestTopic());
        System.out.printf("State        %s%n", status.state());
        System.out.printf("Partitions   %s%n", status.partitions().isEmpty() ? "(none)"
                : status.partitions().stream().map(p -> p.partition() + " (position " + p.position() + ", lag "
                + (p.lag() < 0 ? "?" : Long.toString(p.lag())) + ")").collect(Collectors.joining(", ")));
        System.out.printf("Lag          %s%n", status.totalLag() < 0 ? "?" : Long.toString(status.totalLag()));
        System.out.printf("Inspected    %d%n", status.inspected());
        System.out.printf("Rejected     %d%n", status.rejected());
        System.out.printf("Not committed %d%n", status.commitFailures());
        if (status.inspected() > 0) {
            System.out.printf("Per request  %.1f ms inspection, %.1f ms outside it (parsing, decoding, recipes, "
                    + "commit)%n", status.inspectionNanos() / 1e6 / status.inspected(),
                    (status.handlingNanos() - status.inspectionNanos()) / 1e6 / status.inspected());
        }
        System.out.printf("Last error   %s%n", status.lastError().isEmpty() ? "-" : status.lastError());
        if (status.recipes().isEmpty()) {
            System.out.println("Recipes      (none shared)");
            return;
        }
        ShellTable table = new ShellTable();
        table.column("Category");
        table.column("Version").alignRight();
        table.column("Digest");
        table.column("Origin");
        table.column("Published");
        table.column("State");
        table.column("Applied as");
        for (RecipeStatus recipe : status.recipes()) {
            table.addRow().addContent(recipe.category(), recipe.version(), recipe.digest().substring(0,
                    Math.min(12, recipe.digest().length())), recipe.origin(), recipe.publishedAt(), recipe.state(),
                    recipe.categoryVersion());
        }
        table.print(System.out);
    }
}
