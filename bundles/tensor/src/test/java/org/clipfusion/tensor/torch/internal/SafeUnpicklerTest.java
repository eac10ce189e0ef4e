package org.clipfusion.tensor.torch.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The interpreter on pickles Python's own pickle module wrote (see make_torch_fixtures.py), beyond torch.save's. */
class SafeUnpicklerTest {
    @Test
    void protocol4DataReads() throws Exception {
        Map<?, ?> value = (Map<?, ?>) load("plain_protocol4.pkl");
        assertEquals(List.of("name", "sizes", "ratio", "blob", "flags"), List.copyOf(value.keySet()));
        assertEquals("tiny", value.get("name"));
        assertEquals(List.of(1L, -2L, 1L << 40), value.get("sizes"));
        assertEquals(0.25, value.get("ratio"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) value.get("blob"));
        assertEquals(Arrays.asList(true, null), value.get("flags"));
    }

    @Test
    void aGlobalReachedThroughStackGlobalIsRefusedToo() {
        PickleException error = assertThrows(PickleException.class, () -> load("forbidden_protocol4.pkl"));
        assertTrue(error.getMessage().startsWith("refusing global 'posix.system'"), error.getMessage());
    }

    @Test
    void textOpcodesAreRefusedNamingTheOpcodeAndOffset() {
        PickleException error = assertThrows(PickleException.class, () -> load("text_protocol0.pkl"));
        assertTrue(error.getMessage().contains("unsupported pickle opcode"), error.getMessage());
        assertTrue(error.getMessage().contains("at byte "), error.getMessage());
    }

    @Test
    void truncationAndStackAbuseAreErrorsNotCrashes() {
        byte[] whole;
        try {
            whole = bytes("plain_protocol4.pkl");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        for (int length = 0; length < whole.length; length++) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThrows(PickleException.class, () -> SafeUnpickler.load(cut, new TorchPickleEnvironment()),
                    "pickle cut to " + length + " bytes");
        }
        // SETITEM with nothing below, a memo read of nothing, REDUCE of a string.
        for (byte[] hostile : List.of(new byte[] {'s', '.'}, new byte[] {'h', 5, '.'},
                new byte[] {'X', 1, 0, 0, 0, 'a', ')', 'R', '.'})) {
            assertThrows(PickleException.class, () -> SafeUnpickler.load(hostile, new TorchPickleEnvironment()));
        }
    }

    private static Object load(String name) throws Exception {
        return SafeUnpickler.load(bytes(name), new TorchPickleEnvironment());
    }

    private static byte[] bytes(String name) throws IOException {
        try (InputStream in = SafeUnpicklerTest.class.getResourceAsStream("/org/clipfusion/tensor/torch/" + name)) {
            return in.readAllBytes();
        }
    }
}
