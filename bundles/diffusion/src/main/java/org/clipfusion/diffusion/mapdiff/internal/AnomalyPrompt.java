package org.clipfusion.diffusion.mapdiff.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A prompt template describing an anomalous object ("a photo of a damaged {}") and the word(s) in it whose
 * cross-attention makes the language-guided map ("damaged").
 *
 * @param template     the prompt, {@code {}} standing for the object name
 * @param anomalyWords one or more words or phrases of the prompt; the attention on all their tokens is averaged
 */
record AnomalyPrompt(String template, List<String> anomalyWords) {
    /** Separates several anomaly words in one configuration entry. */
    static final String WORD_SEPARATOR = "|";

    AnomalyPrompt {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("MapDiff prompt must not be empty");
        }
        if (anomalyWords.isEmpty() || anomalyWords.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("MapDiff prompt '" + template + "' needs at least one anomaly word");
        }
        anomalyWords = List.copyOf(anomalyWords);
    }

    /** Parses a configuration entry such as {@code "scratch|dent"}. */
    static AnomalyPrompt of(String template, String wordsEntry) {
        List<String> words = new ArrayList<>();
        for (String word : wordsEntry.split("\\" + WORD_SEPARATOR)) {
            if (!word.isBlank()) {
                words.add(word.trim());
            }
        }
        return new AnomalyPrompt(template, words);
    }

    /** The prompt for {@code objectName}. */
    String text(String objectName) {
        return template.replace("{}", objectName);
    }
}
