package org.clipfusion.monitoring.internal;

import java.util.List;

/** The monitoring component as SCR drives it, for tests of the contributors in other packages. */
public final class MonitoringComponentAccess {
    private MonitoringComponentAccess() {
    }

    public static MonitoringComponent activated(List<MetricsContributor> contributors) {
        MonitoringComponent component = new MonitoringComponent();
        component.scorers = List.of();
        component.contributors = contributors;
        component.activate(null);
        return component;
    }

    public static void deactivate(MonitoringComponent component) {
        component.deactivate();
    }
}
