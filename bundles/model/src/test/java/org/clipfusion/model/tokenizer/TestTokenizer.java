package org.clipfusion.model.tokenizer;

/** One tokenizer for all tests: loading parses 48,894 merges, and sharing it also exercises the cache. */
final class TestTokenizer {
    static final ClipTokenizer INSTANCE = ClipTokenizer.load();

    private TestTokenizer() {}
}
