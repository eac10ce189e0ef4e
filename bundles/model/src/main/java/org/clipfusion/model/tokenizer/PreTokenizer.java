package org.clipfusion.model.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's split of cleaned text into pre-tokens, each encoded by BPE on its own: the two special tokens, the
 * English contraction suffixes, runs of letters, single digits, and runs of other non-space characters.
 * Spaces separate pre-tokens and are dropped (the end-of-word marker stands for them).
 */
final class PreTokenizer {
    private static final Pattern PRE_TOKEN = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private PreTokenizer() {}

    /** The pre-tokens of {@code cleanedText} in order. */
    static List<String> split(String cleanedText) {
        List<String> preTokens = new ArrayList<>();
        Matcher matcher = PRE_TOKEN.matcher(cleanedText);
        while (matcher.find()) {
            preTokens.add(matcher.group());
        }
        return preTokens;
    }
}
