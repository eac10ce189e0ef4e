package org.clipfusion.kafka.internal.requests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectionRequestFormatTest {

    private static InspectionRequestRecord read(String json) throws InvalidRequestException {
        return InspectionRequestFormat.read(json.getBytes(StandardCharsets.UTF_8), 16);
    }

    @Test
    void readsAnInlineImageRequest() throws Exception {
        // "AQID" is base64 of the bytes 1, 2, 3.
        InspectionRequestRecord request = read("{\"format\":\"clipfusion.request/1\",\"requestId\":\"r-1\","
                + "\"partId\":\"p-9\",\"imageId\":\"cam3/0001.png\",\"category\":\"hazelnut\",\"image\":\"AQID\","
                + "\"metadata\":{\"camera\":\"cam3\",\"lot\":17},\"producerField\":true}");
        assertEquals("r-1", request.requestId());
        assertEquals("p-9", request.partId());
        assertEquals("cam3/0001.png", request.imageId());
        assertEquals("hazelnut", request.category());
        assertArrayEquals(new byte[] {1, 2, 3}, request.image());
        assertNull(request.imageUri());
        assertEquals(Map.of("camera", "cam3", "lot", "17"), request.metadata());
    }

    @Test
    void readsAUriRequestAndDefaultsTheImageIdToTheRequestId() throws Exception {
        InspectionRequestRecord request = read("{\"format\":\"clipfusion.request/1\",\"requestId\":\"r-2\","
                + "\"category\":\"hazelnut\",\"imageUri\":\"file:///srv/images/a.png\"}");
        assertEquals(URI.create("file:///srv/images/a.png"), request.imageUri());
        assertEquals("r-2", request.imageId());
        assertEquals("", request.partId());
    }

    @Test
    void refusesEachMalformedRequestNamingTheProblem() {
        assertMessage("not JSON", "{nope");
        assertMessage("not a JSON object", "[1]");
        assertMessage("format 'clipfusion.request/2' is not clipfusion.request/1",
                "{\"format\":\"clipfusion.request/2\",\"requestId\":\"r\",\"category\":\"c\",\"image\":\"AQID\"}");
        assertMessage("field 'requestId' is missing",
                "{\"format\":\"clipfusion.request/1\",\"category\":\"c\",\"image\":\"AQID\"}");
        assertMessage("field 'category' must be a string",
                "{\"format\":\"clipfusion.request/1\",\"requestId\":\"r\",\"category\":3,\"image\":\"AQID\"}");
        assertMessage("exactly one of image (base64) and imageUri",
                "{\"format\":\"clipfusion.request/1\",\"requestId\":\"r\",\"category\":\"c\"}");
        assertMessage("exactly one of image (base64) and imageUri", "{\"format\":\"clipfusion.request/1\","
                + "\"requestId\":\"r\",\"category\":\"c\",\"image\":\"AQID\",\"imageUri\":\"file:///a.png\"}");
        assertMessage("image is not base64",
                "{\"format\":\"clipfusion.request/1\",\"requestId\":\"r\",\"category\":\"c\",\"image\":\"@@@@\"}");
        // 24 base64 characters are 18 bytes, above the limit of 16.
        assertMessage("larger than maxInlineImageBytes (16)", "{\"format\":\"clipfusion.request/1\","
                + "\"requestId\":\"r\",\"category\":\"c\",\"image\":\"AAAAAAAAAAAAAAAAAAAAAAAA\"}");
    }

    private static void assertMessage(String expected, String json) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> read(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
