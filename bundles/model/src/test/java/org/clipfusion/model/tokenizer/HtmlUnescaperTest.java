package org.clipfusion.model.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are Python 3.11's {@code html.unescape} of the same input. */
class HtmlUnescaperTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "no references | no references",
        "&amp; | &",
        "&amp | &",
        "&ampx | &x",
        "&AMP; | &",
        "&lt;tag&gt; | <tag>",
        "&amp;lt; | &lt;",
        "&notit; | \u00acit;",
        "&notin; | \u2209",
        "&apos; | '",
        "&quot;hi&quot; | \"hi\"",
        "&eacute;t&eacute; | \u00e9t\u00e9",
        "&Eacute | \u00c9",
        "&copy2024 | \u00a92024",
        "&nbsp; | `\u00a0`",
        "&hellip; | \u2026",
        "&mdash; | \u2014",
        "&euro; | \u20ac",
        "&lang;&rang; | \u27e8\u27e9",
        "&#65;&#x42;&#X43; | ABC",
        "&#65 | A",
        "&#x1F600; | \ud83d\ude00",
        "&#0; | \ufffd",
        "&#150; | \u2013",
        "&#x81; | \u0081",
        "&#1; | ``",
        "&#x7f; | ``",
        "&#xFDD0; | ``",
        "&#xFFFE; | ``",
        "&#x10FFFF; | ``",
        "&#xD800; | \ufffd",
        "&#x110000; | \ufffd",
        "&#99999999999999999999; | \ufffd",
        "&#0000065; | A",
        "&unknown; | &unknown;",
        "&; | &;",
        "& | &",
        "`& amp;` | `& amp;`",
        "&#; | &#;",
        "&#x; | &#x;",
        "a&b | a&b",
        "&&amp; | &&",
        "&Alpha;&alpha;&sigmaf; | \u0391\u03b1\u03c2",
    })
    void matchesPythonHtmlUnescape(String input, String expected) {
        assertEquals(expected, HtmlUnescaper.unescape(input));
    }

    @Test
    void carriageReturnReferenceIsKept() {
        // Not in the table above: CSV parsing would strip the \r.
        assertEquals("a\rb", HtmlUnescaper.unescape("a&#13;b"));
    }
}
