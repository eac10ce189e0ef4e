package org.clipfusion.engine.internal;

import java.util.HashMap;
import java.util.Map;
import org.clipfusion.api.DetectionResult;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Announces every result on EventAdmin, asynchronously ({@code postEvent}), on topic
 * {@code org/clipfusion/result/<category>}. Properties: {@value #RESULT} (the {@link DetectionResult}),
 * {@value #REQUEST_ID}, {@value #CATEGORY}, {@value #IMAGE_SCORE} (a Double), {@value #DECISION} (the
 * {@link org.clipfusion.api.Decision}'s name, a String, so that LDAP filters such as {@code (decision=ANOMALOUS)}
 * work) and {@value #FUSION_STRATEGY}.
 */
final class ResultEvents {
    static final String TOPIC_PREFIX = "org/clipfusion/result/";
    static final String RESULT = "result";
    static final String REQUEST_ID = "requestId";
    static final String CATEGORY = "category";
    static final String IMAGE_SCORE = "imageScore";
    static final String DECISION = "decision";
    static final String FUSION_STRATEGY = "fusionStrategy";

    private ResultEvents() {
    }

    /** Posts the result's event; does nothing without an EventAdmin. */
    static void post(EventAdmin eventAdmin, DetectionResult result) {
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
        eventAdmin.postEvent(new Event(topicOf(category), properties));
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
