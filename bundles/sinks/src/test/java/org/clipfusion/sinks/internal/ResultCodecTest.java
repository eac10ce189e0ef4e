package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import org.clipfusion.api.DetectionResult;
import org.junit.jupiter.api.Test;

class ResultCodecTest {

    @Test
    void aResultSurvivesEncodingExactlyExceptItsComponentMaps() throws IOException {
        DetectionResult original = SampleResults.withId("req-1\u0000odd");
        DetectionResult decoded = ResultCodec.decode(ResultCodec.encode(original));
        assertEquals(original.requestId(), decoded.requestId());
        assertEquals(original.partId(), decoded.partId());
        assertEquals(original.imageId(), decoded.imageId());
        assertEquals(original.time(), decoded.time());
        assertEquals(original.imageScore(), decoded.imageScore());
        assertArrayEquals(original.map().values(), decoded.map().values());
        assertEquals(original.map().source(), decoded.map().source());
        assertEquals(original.decision(), decoded.decision());
        assertEquals(original.threshold(), decoded.threshold());
        assertEquals(original.provenance(), decoded.provenance());
    }

    @Test
    void truncatedBytesAreRefused() throws IOException {
        byte[] encoded = ResultCodec.encode(SampleResults.withId("r"));
        assertThrows(IOException.class, () -> ResultCodec.decode(Arrays.copyOf(encoded, encoded.length / 2)));
    }
}
