package org.clipfusion.sinks.internal;

import org.clipfusion.sinks.SampleResults;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Provenance;
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
    void anEntryWrittenBeforeTheMethodWasKeptIsReadWithoutIt() throws IOException {
        DetectionResult original = SampleResults.withId("old");
        DetectionResult withoutMethod = new DetectionResult(original.requestId(), original.partId(),
                original.imageId(), original.time(), original.imageScore(), original.map(), Map.of(),
                original.decision(), original.threshold(), new Provenance(original.provenance().category(),
                original.provenance().models(), original.provenance().prompts(),
                original.provenance().alphaSegmentation(), original.provenance().alphaClassification(),
                original.provenance().fusionStrategy(), original.provenance().referenceImageIds(),
                original.provenance().seed(), original.provenance().softwareVersion()));
        byte[] current = ResultCodec.encode(withoutMethod);
        // Format 1 is format 2 without the trailing method count (0 here) and with 1 as its first int.
        byte[] formatOne = Arrays.copyOf(current, current.length - 4);
        ByteBuffer.wrap(formatOne).putInt(0, 1);

        DetectionResult decoded = ResultCodec.decode(formatOne);

        assertEquals(withoutMethod.provenance(), decoded.provenance());
        assertEquals(Map.of(), decoded.provenance().method());
    }

    @Test
    void anEntryWrittenBeforeCategoryVersionsWereKeptIsReadWithAnEmptyOne() throws IOException {
        DetectionResult original = SampleResults.withId("format-2");
        byte[] current = ResultCodec.encode(original);
        // Format 2 is format 3 without the trailing category version (4 bytes of length + 16 of text).
        byte[] formatTwo = Arrays.copyOf(current, current.length - 4 - 16);
        ByteBuffer.wrap(formatTwo).putInt(0, 2);

        DetectionResult decoded = ResultCodec.decode(formatTwo);

        assertEquals("", decoded.provenance().categoryVersion());
        assertEquals(original.provenance().method(), decoded.provenance().method());
        assertEquals(original.pixelThreshold(), decoded.pixelThreshold());
    }

    @Test
    void truncatedBytesAreRefused() throws IOException {
        byte[] encoded = ResultCodec.encode(SampleResults.withId("r"));
        assertThrows(IOException.class, () -> ResultCodec.decode(Arrays.copyOf(encoded, encoded.length / 2)));
    }
}
