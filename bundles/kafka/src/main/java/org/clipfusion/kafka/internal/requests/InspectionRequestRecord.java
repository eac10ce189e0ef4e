package org.clipfusion.kafka.internal.requests;

import java.net.URI;
import java.util.Map;

/**
 * One request as read from its record.
 *
 * @param image    the encoded image file when it came inline; null when it is at {@code imageUri}
 * @param imageUri where to read the image; null when it came inline
 */
record InspectionRequestRecord(String requestId, String partId, String imageId, String category, byte[] image,
                               URI imageUri, Map<String, String> metadata) {
    InspectionRequestRecord {
        metadata = Map.copyOf(metadata);
    }
}
