package org.clipfusion.api;

import java.util.Objects;

/**
 * One image to inspect.
 *
 * @param requestId unique id of this request, chosen by the caller (echoed in the result and in every sink)
 * @param partId    the part or measurement the image belongs to, as the line knows it; may be empty
 * @param category  the category ("recipe") to inspect under
 * @param image     the decoded image
 */
public record DetectionRequest(String requestId, String partId, String category, InspectionImage image) {
    public DetectionRequest {
        InspectionImage.requireText(requestId, "request id");
        partId = partId == null ? "" : partId;
        InspectionImage.requireText(category, "category");
        Objects.requireNonNull(image, "image");
    }
}
