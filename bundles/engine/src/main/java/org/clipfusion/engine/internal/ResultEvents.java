package org.clipfusion.engine.internal;

import java.util.HashMap;
import java.util.Map;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Announces every result on EventAdmin, asynchronously ({@code postEvent}), on topic
 * {@code org/clipfusion/result/<category>}. Properties: {@value #RESULT} (the {@link DetectionResult}),
 * {@value #REQUEST_ID}, {@value #CATEGORY}, {@value #IMAGE_SCORE} (a Double), {@value #DECISION} (the
 * {@link org.clipfusion.api.Decision}'s name, a String, so that LDAP filters such as {@code (decision=ANOMALOUS)}
 * work), {@value #FUSION_STRATEGY}, {@value #DURATION_NANOS} (a Long: the detection's wall time) and
 * {@value #SCORER_NANOS} (a {@code Map<String, Long>}: each scorer's time, by scorer id), for latency metrics.
 *
 * <p>A detection that fails is announced on {@code org/clipfusion/failure/<category>} with {@value #REQUEST_ID},
 * {@value #CATEGORY} and {@value #MESSAGE}, so that monitoring counts errors whatever the entry point.
 */
final class ResultEvents {
    static final String TOPIC_PREFIX = "org/clipfusion/result/";
    static final String RESULT = "result";
    static final String REQUEST_ID = "requestId";
    static final String CATEGORY = "category";
    static final String IMAGE_SCORE = "imageScore";
    static final String DECISION = "decision";
    static final String FUSION_STRATEGY = "fusionStrategy";
    static final String DURATION_NANOS = "durationNanos";
    static final String SCORER_NANOS = "scorerNanos";
    static final String FAILURE_TOPIC_PREFIX = "org/clipfusion/failure/";
    static final String MESSAGE = "message";

    private ResultEvents() {
    }

    /** Posts the result's event; does nothing without an EventAdmin. */
    static void post(EventAdmin eventAdmin, DetectionResult result, long durationNanos,
                     Map<String, Long> scorerNanos) {
        if (eventAdmin == null) {
            return;
        }
        String category = result.provenance().category();
        Map<String, Object> properties = new HashMap<>();
        properties.put(RESULT, result);
        properties.put(REQUEST_ID, result.requestId());
        properties.put(CATEGORY, category);
        properties.put(IMAGE_SCORE, result.imageScore());
        properties.put(DECISION, result.decision().name());
        properties.put(FUSION_STRATEGY, result.provenance().fusionStrategy());
        properties.put(DURATION_NANOS, durationNanos);
        properties.put(SCORER_NANOS, Map.copyOf(scorerNanos));
        eventAdmin.postEvent(new Event(topicOf(category), properties));
    }

    /** Posts the failure of a detection; does nothing without an EventAdmin. */
    static void postFailure(EventAdmin eventAdmin, DetectionRequest request, Exception failure) {
        if (eventAdmin == null) {
            return;
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put(REQUEST_ID, request.requestId());
        properties.put(CATEGORY, request.category());
        properties.put(MESSAGE, String.valueOf(failure.getMessage()));
        eventAdmin.postEvent(new Event(FAILURE_TOPIC_PREFIX + topicOf(request.category()).substring(
                TOPIC_PREFIX.length()), properties));
    }

    /** EventAdmin topic tokens allow only letters, digits, '_' and '-': anything else becomes '_'. */
    static String topicOf(String category) {
        StringBuilder topic = new StringBuilder(TOPIC_PREFIX);
        for (char c : category.toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            topic.append(allowed ? c : '_');
        }
        return topic.toString();
    }
}
