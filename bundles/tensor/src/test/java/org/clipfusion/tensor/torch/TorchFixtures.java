package org.clipfusion.tensor.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.clipfusion.tensor.SafetensorsFile;
import org.clipfusion.tensor.TensorInfo;

/**
 * The checkpoints {@code src/test/python/make_torch_fixtures.py} wrote with Debian's python3-torch 1.13, and the
 * comparison of a converted file with the expected one that script wrote from torch's own tensors.
 */
final class TorchFixtures {
    private TorchFixtures() {
    }

    static Path fixture(String name) {
        try {
            return Path.of(TorchFixtures.class.getResource("/org/clipfusion/tensor/torch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test fixture " + name + " is missing", e);
        }
    }

    /** Same keys, dtypes, shapes, and byte-identical data. */
    static void assertSameTensors(Path expectedFile, Path actualFile) throws IOException {
        try (SafetensorsFile expected = SafetensorsFile.open(expectedFile);
             SafetensorsFile actual = SafetensorsFile.open(actualFile)) {
            assertEquals(expected.tensors().keySet(), actual.tensors().keySet(), "keys");
            for (TensorInfo wanted : expected.tensors().values()) {
                TensorInfo found = actual.info(wanted.name());
                assertEquals(wanted.dtype(), found.dtype(), wanted.name() + " dtype");
                assertArrayEquals(wanted.shape(), found.shape(), wanted.name() + " shape");
                assertArrayEquals(bytes(expected, wanted), bytes(actual, found), wanted.name() + " bytes");
            }
        }
    }

    private static byte[] bytes(SafetensorsFile file, TensorInfo info) throws IOException {
        byte[] bytes = new byte[(int) info.byteLength()];
        if (bytes.length > 0) {
            file.map(info.name()).get(bytes);
        }
        return bytes;
    }
}
