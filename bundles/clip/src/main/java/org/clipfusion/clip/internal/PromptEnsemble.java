package org.clipfusion.clip.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * WinCLIP's compositional prompt ensemble: every state ("flawless {}", "{} with defect"...) inside every template ("a
 * photo of the {} for visual inspection."...), for one object name.
 */
final class PromptEnsemble {
    private final List<String> normalStates;
    private final List<String> anomalousStates;
    private final List<String> templates;

    PromptEnsemble(List<String> normalStates, List<String> anomalousStates, List<String> templates) {
        this.normalStates = requirePlaceholders(normalStates, "normal states");
        this.anomalousStates = requirePlaceholders(anomalousStates, "anomalous states");
        this.templates = requirePlaceholders(templates, "templates");
    }

    List<String> normalPrompts(String objectName) {
        return compose(normalStates, objectName);
    }

    List<String> anomalousPrompts(String objectName) {
        return compose(anomalousStates, objectName);
    }

    private List<String> compose(List<String> states, String objectName) {
        List<String> prompts = new ArrayList<>(states.size() * templates.size());
        for (String state : states) {
            String described = state.replace("{}", objectName);
            for (String template : templates) {
                prompts.add(template.replace("{}", described));
            }
        }
        return prompts;
    }

    private static List<String> requirePlaceholders(List<String> texts, String what) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("PatchCLIP " + what + ": at least one is needed");
        }
        for (String text : texts) {
            if (!text.contains("{}")) {
                throw new IllegalArgumentException("PatchCLIP " + what + ": '" + text
                        + "' has no {} where the object name goes");
            }
        }
        return List.copyOf(texts);
    }
}
