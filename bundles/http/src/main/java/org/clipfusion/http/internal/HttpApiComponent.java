package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;

import javax.servlet.Servlet;

import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.engine.CategoryManager;
import org.clipfusion.http.ApiRole;
import org.clipfusion.http.ApiTokens;
import org.clipfusion.monitoring.MetricsExposition;
import org.clipfusion.runtime.ComputeRuntime;
import org.clipfusion.sinks.SinkMonitor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the API ({@code /api/v1/*}), {@code /metrics} and the dashboard ({@code /dashboard/}) as servlets on the
 * OSGi HTTP whiteboard (Pax Web), with the limits of {@code etc/org.clipfusion.http.cfg}; and keeps every result the
 * engine announces (whatever the entry point) for {@code GET /results} and the live stream. The engine, outbox and
 * monitoring may come and go: the endpoints that need them answer 503 meanwhile.
 */
@Component(immediate = true, configurationPid = "org.clipfusion.http", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = EventHandler.class, property = "event.topics=org/clipfusion/result/*")
@Designate(ocd = HttpApiConfig.class)
public class HttpApiComponent implements EventHandler, Platform {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiComponent.class);
    /** The evaluation's temporary categories: thousands of results nobody on the line needs to see. */
    private static final String EVALUATION_PREFIX = "eval.";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Detector detector;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CategoryManager categoryManager;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SinkMonitor sinkMonitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ComputeRuntime runtime;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MetricsExposition metrics;

    @Reference
    ConfigurationAdmin configurationAdmin;

    @Reference
    ApiTokens tokens;

    private BundleContext context;
    private ResultStore store;
    private LiveEvents live;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    void activate(BundleContext context, HttpApiConfig config) throws IOException {
        this.context = context;
        ObjectMapper json = new ObjectMapper();
        store = new ResultStore(dataDirectory(context).resolve("results"), config.retainedResults(), json);
        live = new LiveEvents(json);
        store.addListener(live::publish);
        ImageInputs inputs = new ImageInputs(config.allowedImageRoots());
        RateLimiter limiter = new RateLimiter(config.requestsPerSecond(), config.burst());
        SystemEndpoints system = new SystemEndpoints(this);

        ApiServlet api = new ApiServlet(routes(system, new InspectionEndpoints(this, store, inputs),
                new CategoryEndpoints(this, inputs)), tokens, limiter, json, config.maxUploadBytes());
        Hashtable<String, Object> apiProperties = servlet("clipfusion-api", "/api/v1/*");
        apiProperties.put("osgi.http.whiteboard.servlet.asyncSupported", Boolean.TRUE);
        apiProperties.put("osgi.http.whiteboard.servlet.multipart.enabled", Boolean.TRUE);
        apiProperties.put("osgi.http.whiteboard.servlet.multipart.maxFileSize", config.maxUploadBytes());
        apiProperties.put("osgi.http.whiteboard.servlet.multipart.maxRequestSize", config.maxUploadBytes() + 65536);
        register(api, apiProperties);

        ApiRole metricsRole = config.metricsWithoutToken() ? null : ApiRole.VIEWER;
        register(new ApiServlet(List.of(new Route("GET", "/", metricsRole, system::metrics)), tokens, limiter, json,
                0), servlet("clipfusion-metrics", "/metrics"));
        register(new DashboardServlet(), servlet("clipfusion-dashboard", "/dashboard/*"));
    }

    private List<Route> routes(SystemEndpoints system, InspectionEndpoints inspections,
                               CategoryEndpoints categories) {
        ApiRole viewer = ApiRole.VIEWER;
        ApiRole operator = ApiRole.OPERATOR;
        ApiRole admin = ApiRole.ADMIN;
        return List.of(
                new Route("GET", "/health", null, system::health),
                new Route("GET", "/openapi.json", viewer, system::openApi),
                new Route("GET", "/status", viewer, system::status),
                new Route("GET", "/events", viewer, call -> live.subscribe(call)),
                new Route("POST", "/inspections", operator, inspections::inspect),
                new Route("GET", "/results", viewer, inspections::list),
                new Route("GET", "/results/{requestId}", viewer, inspections::get),
                new Route("GET", "/results/{requestId}/map.png", viewer, call -> inspections.picture(call, "map")),
                new Route("GET", "/results/{requestId}/heatmap.png", viewer,
                        call -> inspections.picture(call, "heatmap")),
                new Route("GET", "/results/{requestId}/overlay.png", viewer,
                        call -> inspections.picture(call, "overlay")),
                new Route("GET", "/results/{requestId}/mask.png", viewer, call -> inspections.picture(call, "mask")),
                new Route("GET", "/results/{requestId}/image.png", viewer,
                        call -> inspections.picture(call, "image")),
                new Route("GET", "/categories", viewer, categories::list),
                new Route("GET", "/categories/{name}", viewer, categories::get),
                new Route("PUT", "/categories/{name}", admin, categories::put),
                new Route("DELETE", "/categories/{name}", admin, categories::delete),
                new Route("POST", "/categories/{name}/fit", operator, categories::fit),
                new Route("POST", "/categories/{name}/unfit", admin, categories::unfit),
                new Route("PUT", "/categories/{name}/fusion-strategy", admin, categories::selectStrategy),
                new Route("GET", "/scorers", viewer, system::scorers),
                new Route("GET", "/models", viewer, system::models),
                new Route("GET", "/fusion-strategies", viewer, system::fusionStrategies),
                new Route("GET", "/sinks", viewer, system::sinks));
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
        registrations.clear();
        live.close();
    }

    @Override
    public void handleEvent(Event event) {
        Object result = event.getProperty("result");
        if (result instanceof DetectionResult detection && store != null
                && !detection.provenance().category().startsWith(EVALUATION_PREFIX)) {
            try {
                store.put(detection, null);
            } catch (IOException | RuntimeException e) {
                LOG.warn("result '{}' could not be kept for the API: {}", detection.requestId(), e.toString());
            }
        }
    }

    private static Hashtable<String, Object> servlet(String name, String pattern) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("osgi.http.whiteboard.servlet.name", name);
        properties.put("osgi.http.whiteboard.servlet.pattern", pattern);
        return properties;
    }

    private void register(Servlet servlet, Hashtable<String, Object> properties) {
        registrations.add(context.registerService(Servlet.class, servlet, properties));
    }

    private static Path dataDirectory(BundleContext context) {
        String karafData = System.getProperty("karaf.data");
        return karafData != null ? Paths.get(karafData, "clipfusion", "http")
                : context.getDataFile("http").toPath();
    }

    // --- Platform -----------------------------------------------------------------------------------------------

    @Override
    public Optional<Detector> detector() {
        return Optional.ofNullable(detector);
    }

    @Override
    public Optional<CategoryManager> categoryManager() {
        return Optional.ofNullable(categoryManager);
    }

    @Override
    public ConfigurationAdmin configurationAdmin() {
        return configurationAdmin;
    }

    @Override
    public Optional<SinkMonitor> sinkMonitor() {
        return Optional.ofNullable(sinkMonitor);
    }

    @Override
    public Optional<ComputeRuntime> runtime() {
        return Optional.ofNullable(runtime);
    }

    @Override
    public Optional<MetricsExposition> metrics() {
        return Optional.ofNullable(metrics);
    }

    @Override
    public BundleContext bundleContext() {
        return context;
    }
}
