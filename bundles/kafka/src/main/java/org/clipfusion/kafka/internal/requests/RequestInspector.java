package org.clipfusion.kafka.internal.requests;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.clipfusion.api.DetectionException;
import org.clipfusion.api.DetectionRequest;
import org.clipfusion.api.DetectionResult;
import org.clipfusion.api.Detector;
import org.clipfusion.api.InspectionImage;
import org.clipfusion.tensor.image.ImageDecodeException;
import org.clipfusion.tensor.image.ImageDecoder;
import org.clipfusion.tensor.image.RgbImage;

/**
 * Turns a request record into a result through the same {@link Detector} as the shell and the evaluation (one
 * decoding, preprocessing and post-processing path). {@code detect} returns only after the result is stored in the
 * outbox, which is what allows the caller to commit the record's offset afterwards.
 */
final class RequestInspector {
    private final Detector detector;
    private final ImageSources images;
    private final int maxInlineBytes;

    RequestInspector(Detector detector, ImageSources images, int maxInlineBytes) {
        this.detector = detector;
        this.images = images;
        this.maxInlineBytes = maxInlineBytes;
    }

    /** Parses and checks a record's value, without inspecting. */
    InspectionRequestRecord read(byte[] value) throws InvalidRequestException {
        return InspectionRequestFormat.read(value, maxInlineBytes);
    }

    /**
     * @param source where the record came from (topic, partition, offset), kept in the image's metadata
     * @throws InvalidRequestException when the request can never be inspected as it is
     * @throws DetectionException      when detection failed (possibly for a passing reason: retry, then give up)
     * @throws IOException             when the image could not be read for a passing reason
     */
    DetectionResult inspect(InspectionRequestRecord request, String source)
            throws InvalidRequestException, DetectionException, IOException {
        if (!detector.categories().contains(request.category())) {
            throw new InvalidRequestException("request '" + request.requestId() + "': no category '"
                    + request.category() + "' on this node or in the shared recipes");
        }
        byte[] encoded = request.image() != null ? request.image() : images.read(request);
        RgbImage rgb;
        try {
            rgb = ImageDecoder.decode(encoded, request.imageId());
        } catch (ImageDecodeException e) {
            throw new InvalidRequestException("request '" + request.requestId() + "': the image cannot be decoded ("
                    + e.getMessage() + ")");
        }
        Map<String, String> metadata = new LinkedHashMap<>(request.metadata());
        metadata.put("source", source);
        InspectionImage image = new InspectionImage(request.imageId(), rgb.width(), rgb.height(), rgb.rgbBytes(),
                metadata);
        return detector.detect(new DetectionRequest(request.requestId(), request.partId(), request.category(),
                image));
    }
}
