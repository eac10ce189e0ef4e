package org.clipfusion.http.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.clipfusion.api.Detector;
import org.clipfusion.api.ModelInfo;
import org.clipfusion.api.spi.FusionStrategy;
import org.clipfusion.api.spi.ResultSink;
import org.clipfusion.api.spi.ServiceProperties;
import org.clipfusion.engine.CategoryInfo;
import org.clipfusion.runtime.RuntimeStatus;
import org.clipfusion.sinks.SinkStatus;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** Health, status, scorers and models, fusion strategies, sinks, the OpenAPI document. */
final class SystemEndpoints {
    private final Platform platform;

    SystemEndpoints(Platform platform) {
        this.platform = platform;
    }

    /** 200 when this node can inspect an image now, else 503 with the reasons; for load balancers, no token. */
    void health(ApiCall call) throws Exception {
        List<String> problems = new ArrayList<>();
        if (platform.runtime().isEmpty()) {
            problems.add("the compute runtime is not ready");
        }
        Detector detector = platform.detector().orElse(null);
        if (detector == null) {
            problems.add("the detection engine is not running");
        } else if (detector.categories().isEmpty()) {
            problems.add("no category is configured");
        }
        if (ScorerStates.current(platform.bundleContext(), platform.configurationAdmin()).stream()
                .noneMatch(s -> s.state().equals("LOADED"))) {
            problems.add("no scorer is loaded");
        }
        ObjectNode body = call.mapper().createObjectNode();
        body.put("status", problems.isEmpty() ? "UP" : "DOWN");
        body.putPOJO("reasons", problems);
        call.json(problems.isEmpty() ? 200 : 503, body);
    }

    void status(ApiCall call) throws Exception {
        BundleContext context = platform.bundleContext();
        ObjectNode body = call.mapper().createObjectNode();
        body.put("version", context.getBundle().getVersion().toString());
        ObjectNode runtime = body.putObject("runtime");
        if (platform.runtime().isPresent()) {
            RuntimeStatus s = platform.runtime().get().status();
            runtime.put("ready", true).put("backend", s.backend()).put("device", s.device())
                    .put("computeThreads", s.computeThreads()).put("blasThreads", s.blasThreads())
                    .put("nativeBytesInUse", s.nativeBytesInUse()).put("maxNativeBytes", s.maxNativeBytes())
                    .put("physicalBytes", s.physicalBytes()).put("maxPhysicalBytes", s.maxPhysicalBytes())
                    .put("notice", s.notice());
        } else {
            runtime.put("ready", false);
        }
        body.put("engine", platform.detector().isPresent() ? "RUNNING" : "NOT_RUNNING");
        body.putPOJO("categories", platform.detector().map(d -> new java.util.TreeSet<>(d.categories()))
                .orElse(new java.util.TreeSet<>()));
        body.putPOJO("scorers", ScorerStates.current(context, platform.configurationAdmin()).stream()
                .map(s -> s.id() + " " + s.state()).toList());
        body.putPOJO("fusionStrategies", rankings(context, FusionStrategy.class).keySet());
        body.putPOJO("sinks", rankings(context, ResultSink.class).keySet());
        body.put("outbox", platform.sinkMonitor().isPresent() ? "RUNNING" : "NOT_RUNNING");
        call.json(200, body);
    }

    void scorers(ApiCall call) throws Exception {
        ObjectNode body = call.mapper().createObjectNode();
        ArrayNode list = body.putArray("scorers");
        for (ScorerState state : ScorerStates.current(platform.bundleContext(), platform.configurationAdmin())) {
            ObjectNode node = list.addObject();
            node.put("id", state.id()).put("state", state.state()).put("detail", state.detail())
                    .put("ranking", state.ranking()).put("supportsReferences", state.supportsReferences());
            models(node.putArray("models"), state.models());
        }
        call.json(200, body);
    }

    void models(ApiCall call) throws Exception {
        ObjectNode body = call.mapper().createObjectNode();
        ArrayNode list = body.putArray("models");
        for (ScorerState state : ScorerStates.current(platform.bundleContext(), platform.configurationAdmin())) {
            for (ModelInfo model : state.models()) {
                list.addObject().put("scorer", state.id()).put("state", state.state()).put("id", model.id())
                        .put("file", model.file()).put("sha256", model.sha256());
            }
        }
        platform.runtime().ifPresent(r -> body.put("nativeBytesInUse", r.status().nativeBytesInUse())
                .put("physicalBytes", r.status().physicalBytes()));
        call.json(200, body);
    }

    private static void models(ArrayNode list, List<ModelInfo> models) {
        for (ModelInfo model : models) {
            list.addObject().put("id", model.id()).put("file", model.file()).put("sha256", model.sha256());
        }
    }

    void fusionStrategies(ApiCall call) throws Exception {
        TreeMap<String, Integer> strategies = rankings(platform.bundleContext(), FusionStrategy.class);
        int highest = strategies.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<CategoryInfo> categories = platform.categoryManager().map(m -> m.categories()).orElse(List.of());
        ObjectNode body = call.mapper().createObjectNode();
        ArrayNode list = body.putArray("fusionStrategies");
        for (Map.Entry<String, Integer> strategy : strategies.entrySet()) {
            ObjectNode node = list.addObject().put("id", strategy.getKey()).put("ranking", strategy.getValue())
                    .put("default", strategy.getValue() == highest);
            ArrayNode users = node.putArray("usedBy");
            for (CategoryInfo info : categories) {
                if (info.fusionStrategy().equals(strategy.getKey())
                        || info.fusionStrategy().isEmpty() && strategy.getValue() == highest) {
                    users.add(info.name());
                }
            }
        }
        call.json(200, body);
    }

    void sinks(ApiCall call) throws Exception {
        ObjectNode body = call.mapper().createObjectNode();
        body.put("outbox", platform.sinkMonitor().isPresent() ? "RUNNING" : "NOT_RUNNING");
        ArrayNode list = body.putArray("sinks");
        if (platform.sinkMonitor().isPresent()) {
            for (SinkStatus sink : platform.sinkMonitor().get().sinks()) {
                list.addObject().put("id", sink.id()).put("kind", sink.kind()).put("state", sink.state().name())
                        .put("alarm", sink.alarm()).put("backlog", sink.backlog())
                        .put("oldestAgeSeconds", sink.oldestAge().toMillis() / 1000.0)
                        .put("delivered", sink.delivered()).put("dropped", sink.dropped())
                        .put("rejected", sink.rejected()).put("lastError", sink.lastError());
            }
        }
        call.json(200, body);
    }

    void openApi(ApiCall call) throws IOException {
        try (InputStream in = SystemEndpoints.class.getResourceAsStream("/openapi.json")) {
            call.response.setStatus(200);
            call.response.setContentType("application/json");
            call.response.setCharacterEncoding("UTF-8");
            in.transferTo(call.response.getOutputStream());
        }
    }

    void metrics(ApiCall call) throws ApiException, IOException {
        var metrics = platform.metrics().orElseThrow(() -> new ApiException(503, "metrics_unavailable",
                "the monitoring bundle is not running (feature clipfusion-monitoring)"));
        call.response.setStatus(200);
        call.response.setContentType(org.clipfusion.monitoring.MetricsExposition.CONTENT_TYPE);
        metrics.writeTo(call.response.getOutputStream());
    }

    /** id → ranking of the providers registered now, sorted by id. */
    static TreeMap<String, Integer> rankings(BundleContext context, Class<?> service) throws InvalidSyntaxException {
        TreeMap<String, Integer> rankings = new TreeMap<>();
        for (ServiceReference<?> reference : context.getServiceReferences(service, null)) {
            Object id = reference.getProperty(ServiceProperties.ID);
            Object ranking = reference.getProperty("service.ranking");
            if (id != null) {
                rankings.merge(id.toString(), ranking instanceof Integer value ? value : 0, Math::max);
            }
        }
        return rankings;
    }
}
