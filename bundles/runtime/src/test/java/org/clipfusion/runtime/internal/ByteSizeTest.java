package org.clipfusion.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void readsJavaCppStyleSizes() {
        assertEquals(12L * 1024 * 1024 * 1024, ByteSize.parse("12g", "x"));
        assertEquals(512L * 1024 * 1024, ByteSize.parse(" 512M ", "x"));
        assertEquals(3L * 1024, ByteSize.parse("3k", "x"));
        assertEquals(2L << 40, ByteSize.parse("2t", "x"));
        assertEquals(1000, ByteSize.parse("1000", "x"));
    }

    @Test
    void rejectsNonsenseNamingTheSetting() {
        for (String bad : new String[] {"", "g", "-1g", "0", "twelve", "1.5g", "99999999999t"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ByteSize.parse(bad, "maxNativeBytes"));
            assertTrue(e.getMessage().startsWith("maxNativeBytes: '" + bad + "'"), e.getMessage());
        }
    }
}
